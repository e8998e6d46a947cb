import { describe, expect, it } from 'vitest';
import { createLocalHostApi, HostError, type HostHandlers } from '../../../host/src/contract';
import { serializeProject } from '../core/document';
import { mlpDocument, storeFor } from '../store/testing';
import { emptyDocument } from '../core/document';
import { createProjectController, type Ask } from './projectController';
import { memoryStartMemory } from './startMemory';

/** An in-memory host behind the real contract checks (schemas on every argument and result). */
function memoryHost(opts: { openProjectGate?: Promise<void> } = {}) {
  const files = new Map<string, string>();
  const recoveries = new Map<string, { name: string; projectId: string | null; content: string }>();
  const now = () => new Date(0).toISOString();
  const runs: { id: string; meta: Record<string, unknown> }[] = [];
  const handlers: Partial<HostHandlers> = {
    listRuns: async ({ projectName }) => ({
      runs: runs
        .filter((r) => projectName === undefined || r.meta.projectName === projectName)
        .map((r) => ({
          ...r,
          summary: null,
          hasModel: false,
          hasCheckpoint: false,
          trashed: false,
        })) as never,
    }),
    updateRunMeta: async ({ runId, project }) => {
      const run = runs.find((r) => r.id === runId);
      if (!run) throw new HostError('not_found', runId);
      if (project) Object.assign(run.meta, { projectName: project.name, projectId: project.id });
      return run.meta as never;
    },
    hostInfo: async () => ({
      kind: 'server',
      version: 't',
      dialogs: false,
      workspace: '/w',
      startupProjectId: null,
      defaultSampleId: 'mlp',
    }),
    listRecoveries: async () => ({
      recoveries: [...recoveries].map(([key, r]) => ({ key, savedAt: now(), ...r })),
    }),
    discardRecovery: async ({ key }) => ({ discarded: recoveries.delete(key) }),
    autosave: async ({ key, name, projectId, content }) => {
      recoveries.set(key, { name, projectId, content });
      return { savedAt: now() };
    },
    listSamples: async () => ({ samples: [{ id: 'mlp', name: 'MLP', description: 'd' }] }),
    readSample: async () => ({
      id: 'sample:mlp',
      name: 'MLP',
      location: 'samples',
      content: serializeProject(mlpDocument()),
    }),
    recentFiles: async () => ({ entries: [] }),
    listProjects: async () => ({
      projects: [...files.keys()].map((id) => ({ id, name: id, location: id, modifiedAt: now(), size: 1 })),
    }),
    openProject: async (args) => {
      await opts.openProjectGate;
      const id = 'id' in args ? args.id : '';
      const content = files.get(id);
      if (content === undefined) throw new HostError('not_found', `no project ${id}`);
      return { id, name: id, location: id, content };
    },
    saveProject: async ({ id, content }) => {
      files.set(id, content);
      return { id, name: id, location: id, savedAt: now() };
    },
    saveProjectAs: async ({ name, content, overwrite }) => {
      const id = `projects/${name}.layerloom`;
      if (files.has(id) && !overwrite) throw new HostError('exists', `${name} exists`);
      files.set(id, content);
      return { id, name, location: id, savedAt: now() };
    },
  };
  return { api: createLocalHostApi(handlers as HostHandlers), files, recoveries, runs };
}

const answering = (answer: string | null, confirm = true): Ask => ({
  confirm: () => confirm,
  prompt: () => answer,
});

describe('project controller', () => {
  it('opens the default sample at first start and is then ready', async () => {
    const host = memoryHost();
    const store = storeFor(emptyDocument());
    const projects = createProjectController(host.api, store, answering(null));
    await projects.start();
    expect(store.getState().doc.name).toBe('MLP');
    expect(store.getState().projectId).toBeNull();
    expect(projects.getState().ready).toBe(true);
  });

  it('the project asked for last wins when an earlier open is still reading', async () => {
    let release = () => {};
    const host = memoryHost({ openProjectGate: new Promise<void>((r) => (release = r)) });
    host.files.set('projects/slow.layerloom', serializeProject({ ...mlpDocument(), name: 'Slow' }));
    const store = storeFor(emptyDocument());
    const projects = createProjectController(host.api, store, answering(null));
    const slow = projects.open('projects/slow.layerloom');
    await projects.openSample('mlp', false);
    expect(store.getState().doc.name).toBe('MLP');
    release();
    await slow;
    // The slow read arrived after the user had opened the template: it must not replace it.
    expect(store.getState().doc.name).toBe('MLP');
    expect(store.getState().loads).toBe(1);
  });

  it('New while a project is still reading keeps the empty canvas', async () => {
    let release = () => {};
    const host = memoryHost({ openProjectGate: new Promise<void>((r) => (release = r)) });
    host.files.set('projects/slow.layerloom', serializeProject({ ...mlpDocument(), name: 'Slow' }));
    const store = storeFor(mlpDocument());
    const projects = createProjectController(host.api, store, answering(null));
    const slow = projects.open('projects/slow.layerloom');
    projects.newProject();
    release();
    await slow;
    expect(store.getState().doc.nodes).toHaveLength(0);
  });

  it('keeps what the user started before the first start finished', async () => {
    const host = memoryHost();
    const store = storeFor(emptyDocument());
    const projects = createProjectController(host.api, store, answering(null));
    const starting = projects.start();
    store.run('setProjectName', { name: 'Mine' });
    await starting;
    expect(store.getState().doc.name).toBe('Mine');
  });

  it('saves as the typed name, renames the project and then saves in place', async () => {
    const host = memoryHost();
    const store = storeFor(mlpDocument());
    const projects = createProjectController(host.api, store, answering('Digits'));
    store.run('setParam', { nodeId: 'd1', name: 'units', value: 64 });
    expect(await projects.saveAs()).toBe(true);
    expect(store.getState()).toMatchObject({ dirty: false, projectId: 'projects/Digits.layerloom' });
    expect(store.getState().doc.name).toBe('Digits');
    store.run('setParam', { nodeId: 'd1', name: 'units', value: 32 });
    expect(await projects.save()).toBe(true);
    expect(host.files.get('projects/Digits.layerloom')).toBe(serializeProject(store.getState().doc));
  });

  it('asks before replacing an existing project and leaves it alone when told no', async () => {
    const host = memoryHost();
    host.files.set('projects/MLP.layerloom', 'old');
    const store = storeFor(mlpDocument());
    const no = createProjectController(host.api, store, answering('MLP', false));
    expect(await no.saveAs()).toBe(false);
    expect(host.files.get('projects/MLP.layerloom')).toBe('old');
    const yes = createProjectController(host.api, store, answering('MLP', true));
    expect(await yes.saveAs()).toBe(true);
    expect(host.files.get('projects/MLP.layerloom')).toBe(serializeProject(store.getState().doc));
  });

  it('waits for the in-app dialog: its name, then its own Replace question, never window.confirm', async () => {
    const host = memoryHost();
    host.files.set('projects/Digits.layerloom', 'old');
    const store = storeFor(mlpDocument());
    const asked: string[] = [];
    let replace: (yes: boolean) => void = () => {};
    const projects = createProjectController(host.api, store, {
      confirm: () => {
        throw new Error('window.confirm is not the Save As dialog');
      },
      prompt: () => Promise.resolve('Digits'),
      confirmReplace: (name) => {
        asked.push(name);
        return new Promise<boolean>((resolve) => (replace = resolve));
      },
    });
    const saving = projects.saveAs();
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toEqual(['Digits']);
    expect(host.files.get('projects/Digits.layerloom')).toBe('old');
    replace(true);
    expect(await saving).toBe(true);
    expect(store.getState().doc.name).toBe('Digits');
    expect(host.files.get('projects/Digits.layerloom')).toBe(serializeProject(store.getState().doc));
  });

  it('autosaves only unsaved changes it has not written yet, and a save discards the copy', async () => {
    const host = memoryHost();
    const store = storeFor(mlpDocument());
    const projects = createProjectController(host.api, store, answering('A'));
    expect(await projects.autosaveNow()).toBe(false);
    store.run('setParam', { nodeId: 'd1', name: 'units', value: 7 });
    expect(await projects.autosaveNow()).toBe(true);
    expect(await projects.autosaveNow()).toBe(false);
    expect([...host.recoveries.values()][0]?.content).toBe(serializeProject(store.getState().doc));
    await projects.saveAs();
    expect(host.recoveries.size).toBe(0);
  });

  it('restores a recovered document as unsaved and forgets the offer', async () => {
    const host = memoryHost();
    host.recoveries.set('k1', {
      name: 'Lost',
      projectId: null,
      content: serializeProject({ ...mlpDocument(), name: 'Lost' }),
    });
    const store = storeFor(emptyDocument());
    const projects = createProjectController(host.api, store, answering(null));
    await projects.start();
    const [offer] = projects.getState().recoveries;
    expect(offer?.name).toBe('Lost');
    if (offer) await projects.restore(offer);
    expect(store.getState()).toMatchObject({ dirty: true });
    expect(store.getState().doc.name).toBe('Lost');
    expect(projects.getState().recoveries).toHaveLength(0);
    expect(host.recoveries.size).toBe(0);
  });

  it('reports a file that does not parse by naming the problem, keeping the open project', async () => {
    const host = memoryHost();
    host.files.set('bad', '{ "format": "layerloom", ');
    const store = storeFor(mlpDocument());
    const projects = createProjectController(host.api, store, answering(null));
    await projects.open('bad');
    expect(projects.getState().message?.text).toMatch(/Not valid JSON at line 1/);
    expect(store.getState().doc).toEqual(mlpDocument());
  });

  it('reopens the last saved project on a later start, not the sample', async () => {
    const host = memoryHost();
    const memory = memoryStartMemory();
    const first = storeFor(emptyDocument());
    const before = createProjectController(host.api, first, answering('Digits'), memory);
    await before.start();
    expect(first.getState().doc.name).toBe('MLP');
    first.run('setParam', { nodeId: 'd1', name: 'units', value: 64 });
    await before.saveAs();

    const again = storeFor(emptyDocument());
    await createProjectController(host.api, again, answering(null), memory).start();
    expect(again.getState().projectId).toBe('projects/Digits.layerloom');
    expect(again.getState().doc.name).toBe('Digits');
    expect(again.getState().dirty).toBe(false);
  });

  it('opens the sample only on the very first start, an empty canvas after that', async () => {
    const host = memoryHost();
    const store = storeFor(emptyDocument());
    await createProjectController(
      host.api,
      store,
      answering(null),
      memoryStartMemory({ startedBefore: true }),
    ).start();
    expect(store.getState().doc.nodes).toEqual([]);
  });

  it('falls back to the sample at first start when the remembered project is gone', async () => {
    const host = memoryHost();
    const store = storeFor(emptyDocument());
    const memory = memoryStartMemory({ lastProject: 'projects/Gone.layerloom' });
    const projects = createProjectController(host.api, store, answering(null), memory);
    await projects.start();
    expect(store.getState().doc.name).toBe('MLP');
    expect(projects.getState().message).toBeNull();
  });

  it("gives the runs of an unsaved project to it when it is saved, and no one else's", async () => {
    const host = memoryHost();
    const meta = (projectName: string, createdAt: string) => ({
      name: 'r',
      tags: [],
      note: '',
      projectName,
      projectId: null,
      sweepId: null,
      createdAt,
    });
    host.runs.push({ id: 'old-untitled', meta: meta('MLP', '2000-01-01T00:00:00.000Z') });
    const store = storeFor(emptyDocument());
    const projects = createProjectController(host.api, store, answering('Digits'), memoryStartMemory());
    await projects.start();
    host.runs.push({ id: 'trained-here', meta: meta('MLP', new Date(Date.now() + 1000).toISOString()) });
    expect(await projects.saveAs()).toBe(true);
    expect(host.runs.find((r) => r.id === 'trained-here')?.meta).toMatchObject({
      projectName: 'Digits',
      projectId: 'projects/Digits.layerloom',
    });
    expect(host.runs.find((r) => r.id === 'old-untitled')?.meta).toMatchObject({
      projectName: 'MLP',
      projectId: null,
    });
  });
});
