import { describe, expect, it } from 'vitest';
import { createLocalHostApi, type HostHandlers } from '../../../host/src/contract';
import { emptyDocument, serializeProject } from '../core/document';
import { mlpDocument, storeFor } from '../store/testing';
import { createProjectController, type Ask } from './projectController';

const now = () => new Date(0).toISOString();
const EXTERNAL = 'external:0123456789abcdef01234567';

/**
 * The Electron host as the renderer sees it: native dialogs answered from `chosen` (null = the
 * person pressed Cancel), files by id, and the contract's schema checks on every call.
 */
function electronHost(options: { dialogs: boolean; runs?: { id: string; hasModel: boolean }[] }) {
  const files = new Map<string, string>();
  const chosen: (string | null)[] = [];
  const calls: { op: string; args: unknown }[] = [];
  const record = (op: string, args: unknown) => calls.push({ op, args });
  const handlers: Partial<HostHandlers> = {
    hostInfo: async () => ({
      kind: options.dialogs ? 'electron' : 'server',
      version: 't',
      dialogs: options.dialogs,
      workspace: '/w',
      startupProjectId: null,
      defaultSampleId: null,
    }),
    listRecoveries: async () => ({ recoveries: [] }),
    discardRecovery: async () => ({ discarded: false }),
    recentFiles: async () => ({ entries: [] }),
    listSamples: async () => ({ samples: [] }),
    listProjects: async () => ({ projects: [] }),
    saveProject: async ({ id, content }) => {
      record('saveProject', { id });
      files.set(id, content);
      return { id, name: 'n', location: `/home/me/${id}`, savedAt: now() };
    },
    saveProjectAs: async (args) => {
      record('saveProjectAs', { name: args.name, dialog: args.dialog });
      if (!args.dialog) throw new Error('the renderer must ask the host for its dialog');
      const where = chosen.shift();
      if (!where) return null;
      files.set(EXTERNAL, args.content);
      // As the host does: a file name typed into the dialog names the project.
      const typed = where
        .split('/')
        .pop()!
        .replace(/\.layerloom$/, '');
      return { id: EXTERNAL, name: typed, location: where, savedAt: now() };
    },
    openProject: async (args) => {
      record('openProject', args);
      const where = chosen.shift();
      if (!where) return null;
      return { id: EXTERNAL, name: 'Opened', location: where, content: files.get(where) ?? '' };
    },
    listRuns: async () => ({
      runs: (options.runs ?? []).map((r) => ({
        id: r.id,
        meta: {
          name: `run ${r.id}`,
          tags: [],
          note: '',
          projectName: 'MLP',
          projectId: null,
          sweepId: null,
          createdAt: now(),
        },
        summary: null,
        hasModel: r.hasModel,
        hasCheckpoint: false,
        trashed: false,
      })),
    }),
    exportWeights: async (args) => {
      record('exportWeights', { runId: args.runId, dialog: args.dialog });
      const where = chosen.shift();
      return where ? { location: `${where}/${args.runId}`, files: ['model.json'] } : null;
    },
  };
  return { api: createLocalHostApi(handlers as HostHandlers), files, chosen, calls };
}

/** Fails the test if the in-app name prompt appears (Electron has no window.prompt). */
const noPrompt: Ask = {
  confirm: () => true,
  prompt: () => {
    throw new Error('prompted for a name although the host has native dialogs');
  },
};

describe('project controller with native dialogs', () => {
  it('Save As shows the save dialog, not a prompt, and later Saves write to the chosen file', async () => {
    const host = electronHost({ dialogs: true });
    const store = storeFor(mlpDocument());
    const projects = createProjectController(host.api, store, noPrompt);
    await projects.start();
    store.run('setParam', { nodeId: 'd1', name: 'units', value: 64 });

    host.chosen.push('/home/me/Digits.layerloom');
    expect(await projects.saveAs()).toBe(true);
    expect(store.getState()).toMatchObject({ dirty: false, projectId: EXTERNAL });
    expect(store.getState().doc.name).toBe('Digits');
    store.run('setParam', { nodeId: 'd1', name: 'units', value: 32 });
    expect(await projects.save()).toBe(true);
    expect(host.calls.map((c) => c.op)).toEqual(['saveProjectAs', 'saveProject']);
    expect(host.calls[1]?.args).toEqual({ id: EXTERNAL });
    expect(host.files.get(EXTERNAL)).toBe(serializeProject(store.getState().doc));
  });

  it('leaves the project unsaved when the save dialog is cancelled', async () => {
    const host = electronHost({ dialogs: true });
    const store = storeFor(mlpDocument());
    const projects = createProjectController(host.api, store, noPrompt);
    await projects.start();
    store.run('setParam', { nodeId: 'd1', name: 'units', value: 64 });
    host.chosen.push(null);
    expect(await projects.save()).toBe(false);
    expect(store.getState()).toMatchObject({ dirty: true, projectId: null });
    expect(projects.getState().message).toBeNull();
  });

  it('Open asks the host for its open dialog and loads the chosen file', async () => {
    const host = electronHost({ dialogs: true });
    host.files.set('/elsewhere/a.layerloom', serializeProject({ ...mlpDocument(), name: 'Elsewhere' }));
    const store = storeFor(emptyDocument());
    const projects = createProjectController(host.api, store, noPrompt);
    host.chosen.push('/elsewhere/a.layerloom');
    await projects.open();
    expect(host.calls[0]).toEqual({ op: 'openProject', args: { dialog: true } });
    expect(store.getState().doc.name).toBe('Elsewhere');
    expect(store.getState().projectId).toBe(EXTERNAL);
  });

  it.each([
    [true, '/home/me/weights/r2'],
    [false, 'exports/r2'],
  ])('Export weights sends the newest trained model (dialogs: %s)', async (dialogs, location) => {
    const host = electronHost({
      dialogs,
      runs: [
        { id: 'r3', hasModel: false },
        { id: 'r2', hasModel: true },
        { id: 'r1', hasModel: true },
      ],
    });
    const projects = createProjectController(host.api, storeFor(mlpDocument()), noPrompt);
    await projects.start();
    host.chosen.push(dialogs ? '/home/me/weights' : 'exports');
    expect(await projects.exportWeights()).toBe(true);
    expect(host.calls).toEqual([{ op: 'exportWeights', args: { runId: 'r2', dialog: dialogs } }]);
    expect(projects.getState().message).toEqual({
      kind: 'info',
      text: `Weights of “run r2” saved to ${location}`,
    });
  });

  it('Export weights without a trained model says what to do, naming the project', async () => {
    const host = electronHost({ dialogs: true, runs: [{ id: 'r1', hasModel: false }] });
    const projects = createProjectController(host.api, storeFor(mlpDocument()), noPrompt);
    await projects.start();
    expect(await projects.exportWeights()).toBe(false);
    expect(host.calls).toEqual([]);
    expect(projects.getState().message?.text).toBe(
      `“${mlpDocument().name}” has no trained model yet: train it, then export its weights.`,
    );
  });
});
