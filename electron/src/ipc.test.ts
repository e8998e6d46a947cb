import type { IpcMainInvokeEvent } from 'electron';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ipcChannel } from '../../host/src/contract/channels';
import { OP_NAMES } from '../../host/src/contract/ops';
import { doc, makeTestHost } from '../../host/src/workspace/test-host';
import { registerIpcHandlers } from './ipc';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

let host: Awaited<ReturnType<typeof makeTestHost>>;
afterEach(() => host.cleanup());

async function setup() {
  host = await makeTestHost();
  const listeners = new Map<string, Listener>();
  registerIpcHandlers(
    { handle: (channel, listener) => listeners.set(channel, listener) },
    host.handlers,
    new Set([7]),
  );
  const mainFrame = { url: 'app://layerloom/index.html' };
  const trusted = { sender: { id: 7, mainFrame }, senderFrame: mainFrame } as unknown as IpcMainInvokeEvent;
  const call = (op: string, event: IpcMainInvokeEvent, ...args: unknown[]) =>
    listeners.get(`layerloom:${op}`)!(event, ...args);
  return { listeners, trusted, mainFrame, call };
}

describe('IPC handlers', () => {
  it('registers exactly one channel per contract op', async () => {
    const { listeners } = await setup();
    expect([...listeners.keys()].sort()).toEqual(OP_NAMES.map(ipcChannel).sort());
  });

  it('answers a trusted call with the op result', async () => {
    const { trusted, call } = await setup();
    expect(await call('listSamples', trusted, {})).toMatchObject({
      ok: true,
      value: { samples: [{ id: 'mnist-mlp' }, { id: 'iris-mlp' }] },
    });
  });

  it('reads project data over IPC as bytes, and keeps the path inside the project folder', async () => {
    const { trusted, call } = await setup();
    writeFileSync(path.join(host.root, 'projects', 'p.layerloom'), doc('p'));
    writeFileSync(path.join(host.root, 'projects', 'p.csv'), 'a,b\n1,x\n');
    const ok = await call('readProjectData', trusted, {
      projectId: 'projects/p.layerloom',
      path: 'p.csv',
      kind: 'file',
    });
    expect(ok).toMatchObject({ ok: true, value: { kind: 'file', size: 8 } });
    expect(
      await call('readProjectData', trusted, {
        projectId: 'projects/p.layerloom',
        path: '../recent.json',
        kind: 'file',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('".." is not allowed') },
    });
  });

  it.each([
    ['another window', (e: { sender: { id: number } }) => (e.sender.id = 8)],
    ['a subframe', (e: { senderFrame: unknown }) => (e.senderFrame = { url: 'app://layerloom/index.html' })],
    [
      'a page off the app scheme',
      (e: { senderFrame: { url: string } }) => (e.senderFrame.url = 'https://example.com/'),
    ],
    ['a destroyed frame', (e: { senderFrame: unknown }) => (e.senderFrame = null)],
  ])('refuses a message from %s and changes nothing', async (_, tamper) => {
    const { call } = await setup();
    const frame = { url: 'app://layerloom/index.html' };
    const event = { sender: { id: 7, mainFrame: frame }, senderFrame: frame };
    (tamper as (e: unknown) => void)(event);
    const result = await call('saveProjectAs', event as unknown as IpcMainInvokeEvent, {
      name: 'x',
      content: doc('x'),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await host.api.listProjects({})).projects).toEqual([]);
  });

  it('parses every payload: bad arguments and extra arguments are refused with the field named', async () => {
    const { trusted, call } = await setup();
    expect(await call('saveProject', trusted, { id: 'projects/a.layerloom', content: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^saveProject: content:/) },
    });
    expect(await call('listSamples', trusted, {}, 'extra')).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await call('openProject', trusted, { id: 'projects/a.layerloom', dialog: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });
});
