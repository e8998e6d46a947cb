#!/usr/bin/env node
// `npx layerloom …`: runs the bundled CLI (built by `npm run build:cli`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../../dist/cli/layerloom.mjs', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write(
    'layerloom: the CLI is not built yet: run `npm run build:cli` (or `npm run build`).\n',
  );
  process.exit(2);
}
await import(bundle.href);
