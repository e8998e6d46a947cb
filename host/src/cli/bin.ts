// The bundle's entry (scripts/build-cli.mjs → dist/cli/layerloom.mjs).
import { exitAfterDrain } from './drain';
import { main } from './main';

// tfjs and the wasm runtime can keep handles open, so the CLI exits itself, but only once stdout
// and stderr have drained: a pipe (`| jq`, `| less`) must get every byte.
await exitAfterDrain(await main(process.argv.slice(2)));
