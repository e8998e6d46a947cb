import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '../fs/test-dir';
import type { Dialogs } from './context';
import { createWorkspaceHost } from './services';

export const doc = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ format: 'layerloom', version: 1, name, nodes: [], edges: [], ...extra }, null, 2);

/** A scripted stand-in for Electron's dialogs: each call takes the next queued answer. */
export function scriptedDialogs(
  answers: Partial<Record<keyof Dialogs, (string | string[] | null)[]>>,
): Dialogs {
  const next = (key: keyof Dialogs) => {
    const queue = answers[key];
    if (!queue?.length) throw new Error(`unexpected dialog ${key}`);
    return queue.shift() ?? null;
  };
  return {
    openProject: async () => next('openProject') as string | null,
    saveProject: async () => next('saveProject') as string | null,
    saveFile: async () => next('saveFile') as string | null,
    chooseFolder: async () => next('chooseFolder') as string | null,
    pickFiles: async () => next('pickFiles') as string[] | null,
  };
}

/** A workspace and an app folder (with two sample projects and a dataset asset) in a temp dir. */
export async function makeTestHost(
  options: { dialogs?: Dialogs; startupFile?: string; now?: () => Date } = {},
) {
  const tmp = makeTempDir();
  const appRoot = path.join(tmp.dir, 'app');
  mkdirSync(path.join(appRoot, 'assets', 'samples'), { recursive: true });
  mkdirSync(path.join(appRoot, 'assets', 'datasets'), { recursive: true });
  writeFileSync(
    path.join(appRoot, 'assets', 'samples', 'iris-mlp.layerloom'),
    doc('Iris MLP', { description: 'Flowers' }),
  );
  writeFileSync(path.join(appRoot, 'assets', 'samples', 'mnist-mlp.layerloom'), doc('MNIST MLP'));
  writeFileSync(path.join(appRoot, 'assets', 'datasets', 'tiny.bin'), new Uint8Array([1, 2, 3, 4]));
  const host = await createWorkspaceHost({
    workspace: path.join(tmp.dir, 'ws'),
    appRoot,
    kind: options.dialogs ? 'electron' : 'server',
    version: '9.9.9',
    dialogs: options.dialogs ?? null,
    startupFile: options.startupFile ?? null,
    ...(options.now && { now: options.now }),
  });
  return { ...host, tmpDir: tmp.dir, root: host.ctx.root, cleanup: tmp.cleanup };
}
