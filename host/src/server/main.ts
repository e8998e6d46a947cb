import { resolveWorkspaceDir } from '../workspace/layout';
import { startServer } from './server';

/** A stable default, so a bookmark keeps working; any free port when it is taken. */
export const DEFAULT_PORT = 5178;

/** `node dist/server/main.mjs [--workspace DIR] [--port N]`: browser mode, used by scripts/start.mjs. */
function portFrom(argv: readonly string[], env: NodeJS.ProcessEnv): number | null {
  const i = argv.indexOf('--port');
  const raw = i >= 0 ? argv[i + 1] : env.LAYERLOOM_PORT;
  if (raw === undefined) return null;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`layerloom: --port must be 0-65535, got "${raw}"`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const workspace = resolveWorkspaceDir(argv, process.env);
  const requested = portFrom(argv, process.env);
  const server = await startServer({ workspace, port: requested ?? DEFAULT_PORT }).catch(
    (error: NodeJS.ErrnoException) => {
      if (requested === null && error.code === 'EADDRINUSE') return startServer({ workspace, port: 0 });
      throw error;
    },
  );
  console.log(`Layerloom is running (workspace: ${server.workspace})`);
  console.log(`Open ${server.url}`);
  console.log('Press Ctrl+C to stop.');
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(
    `layerloom: ${code === 'EADDRINUSE' ? 'that port is already in use' : (error as Error).message}`,
  );
  process.exit(1);
});
