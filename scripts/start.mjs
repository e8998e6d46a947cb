// `npm start`: the Electron app when its binary is installed, else the local server (browser mode).
// `npm run serve` (--serve): always the local server. Builds what a fresh clone lacks first.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildElectron, buildServer } from './build-electron.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const serveOnly = args.includes('--serve');
const passThrough = args.filter((a) => a !== '--serve');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * The Electron binary's path, without `require('electron')`: that call tries to download the
 * binary when it is missing, which must never happen at start (and cannot, offline).
 */
export function electronBinary() {
  try {
    const dir = join(root, 'node_modules', 'electron');
    const rel = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    const bin = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist'), rel);
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

function runScript(name, why) {
  console.log(`layerloom: ${why}: npm run ${name}`);
  const result = spawnSync(npm, ['run', name], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) console.warn(`layerloom: "npm run ${name}" failed; starting anyway`);
}

if (!existsSync(join(root, 'assets', 'datasets', 'mnist.bin')))
  runScript('build:data', 'MNIST asset missing');
if (!existsSync(join(root, 'dist', 'renderer', 'index.html')))
  runScript('build:renderer', 'UI not built yet');

const electron = serveOnly ? null : electronBinary();
if (electron) {
  await buildElectron();
  const child = spawn(electron, [root, ...passThrough], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!serveOnly)
    console.log('layerloom: no Electron binary here, so Layerloom runs in your browser instead.');
  await buildServer();
  process.argv = [process.argv[0], join(root, 'dist', 'server', 'main.mjs'), ...passThrough];
  await import(pathToFileURL(join(root, 'dist', 'server', 'main.mjs')).href);
}
