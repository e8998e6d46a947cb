// The bundle's entry (scripts/build-cli.mjs → dist/cli/layerloom.mjs).
import { main } from './main';

process.exitCode = await main(process.argv.slice(2));
// tfjs and the wasm runtime can keep handles open; the run folder is written, so leave now.
process.exit();
