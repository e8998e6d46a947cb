import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { HostError } from '../contract/api';
import type { HostApi } from '../contract/api';
import { doc, makeTestHost } from './test-host';

/**
 * Links planted anywhere in the workspace must never let an operation read or write outside it.
 * Every workspace thing is named with the token LEAK; its outside twin (the link's target) says
 * SECRET instead, so an answer that contains SECRET was read from outside, and a changed or new
 * file under outside/ was written there.
 */
const RUN = '20990101-000000-leak-aaaaaa';
const TRASHED = '20990101-000000-leak-bbbbbb';
const SWEEP = '20990101-000000-leak-sweep';
const DATASET = 'leak';
const KEY = 'leakkey';

/** Every level of every workspace area: the area folder, an entry, and the files in entries. */
const PLANT_POINTS = [
  'projects',
  'projects/LEAK.layerloom',
  'projects/Fresh.layerloom',
  'projects/data.csv',
  'projects/imgs',
  'runs',
  `runs/${RUN}`,
  `runs/${RUN}/meta.json`,
  `runs/${RUN}/metrics.jsonl`,
  `runs/${RUN}/summary.json`,
  `runs/${RUN}/graph.layerloom`,
  `runs/${RUN}/evaluation.json`,
  `runs/${RUN}/model`,
  `runs/${RUN}/model/model.json`,
  `runs/${RUN}/model/weights.bin`,
  `runs/${RUN}/checkpoint`,
  'runs/20990101-000000-evil-cccccc',
  'trash',
  'trash/runs',
  `trash/runs/${TRASHED}`,
  'trash/datasets',
  'datasets',
  `datasets/${DATASET}`,
  `datasets/${DATASET}/meta.json`,
  `datasets/${DATASET}/data.bin`,
  'datasets/evil',
  'sweeps',
  `sweeps/${SWEEP}`,
  `sweeps/${SWEEP}/sweep.json`,
  `sweeps/${SWEEP}/curves.json`,
  'autosave',
  `autosave/${KEY}.json`,
  'autosave/evil.json',
  'exports',
  'recent.json',
] as const;
type PlantPoint = (typeof PLANT_POINTS)[number];
type LinkKind = 'to-outside-twin' | 'dangling-outside';

const weights = { modelTopology: {}, weightSpecs: [{ name: 'w', shape: [2], dtype: 'float32' as const }] };
const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

/** A workspace with one of everything, all named LEAK. */
async function seed(api: HostApi, root: string) {
  await api.saveProjectAs({ name: 'LEAK', content: doc('LEAK'), overwrite: false });
  writeFileSync(path.join(root, 'projects', 'data.csv'), 'a,b\n1,LEAK\n');
  mkdirSync(path.join(root, 'projects', 'imgs', 'zero'), { recursive: true });
  writeFileSync(path.join(root, 'projects', 'imgs', 'zero', 'LEAK.png'), 'LEAK');
  for (const id of [RUN, TRASHED]) {
    const dir = path.join(root, 'runs', id);
    mkdirSync(path.join(dir, 'model'), { recursive: true });
    mkdirSync(path.join(dir, 'checkpoint'), { recursive: true });
    const meta = {
      name: 'LEAK',
      tags: [],
      note: 'LEAK',
      projectName: 'LEAK',
      projectId: null,
      sweepId: null,
    };
    writeFileSync(
      path.join(dir, 'meta.json'),
      JSON.stringify({ ...meta, createdAt: '2099-01-01T00:00:00Z' }),
    );
    writeFileSync(path.join(dir, 'metrics.jsonl'), '{"epoch":1,"note":"LEAK"}\n');
    writeFileSync(path.join(dir, 'summary.json'), '{"status":"completed","note":"LEAK"}');
    writeFileSync(path.join(dir, 'graph.layerloom'), doc('LEAK'));
    for (const sub of ['model', 'checkpoint']) {
      const manifest = [{ paths: ['weights.bin'], weights: weights.weightSpecs }];
      writeFileSync(
        path.join(dir, sub, 'model.json'),
        JSON.stringify({ modelTopology: { note: 'LEAK' }, weightsManifest: manifest }),
      );
      writeFileSync(path.join(dir, sub, 'weights.bin'), 'LEAKLEAK');
    }
  }
  renameSync(path.join(root, 'runs', TRASHED), path.join(root, 'trash', 'runs', TRASHED));
  await api.importDataset({ name: DATASET, meta: { note: 'LEAK' }, data: bytes('LEAK data') });
  await api.saveSweep({ sweepId: SWEEP, state: '{"note":"LEAK"}', curves: '{"note":"LEAK"}' });
  await api.autosave({ key: KEY, name: 'LEAK', projectId: null, content: doc('LEAK') });
}

/** Replaces `point` by a link: to an outside twin (LEAK → SECRET), or to an outside path that does not exist. */
function plant(root: string, outside: string, point: PlantPoint, kind: LinkKind) {
  const inside = path.join(root, point);
  const twin = path.join(outside, point.replace(/[/.]/g, '_'));
  if (kind === 'to-outside-twin') {
    if (existsSync(inside)) cpSync(inside, twin, { recursive: true });
    else if (point.endsWith('.json') || point.endsWith('.layerloom') || point.endsWith('.jsonl'))
      writeFileSync(twin, JSON.stringify({ format: 'layerloom', name: 'SECRET', key: KEY }));
    else mkdirSync(twin, { recursive: true });
    secretize(twin);
  }
  mkdirSync(path.dirname(inside), { recursive: true });
  rmLink(inside);
  symlinkSync(twin, inside);
}

const isLink = (p: string) => {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
};
function rmLink(p: string) {
  if (existsSync(p) || isLink(p)) renameSync(p, `${p}.gone-${Math.random().toString(36).slice(2)}`);
}

/** Every LEAK in the twin's files becomes SECRET, so reading them shows. */
function secretize(p: string) {
  if (lstatSync(p).isDirectory()) {
    for (const name of readdirSync(p)) {
      const target = path.join(p, name.replace('LEAK', 'SECRET'));
      if (target !== path.join(p, name)) renameSync(path.join(p, name), target);
      secretize(target);
    }
  } else writeFileSync(p, readFileSync(p, 'latin1').replaceAll('LEAK', 'SECRET'), 'latin1');
}

/** Every file under `dir` with its content: the outside world, before and after. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) {
        out[`${p}/`] = '';
        walk(p);
      } else out[p] = readFileSync(p, 'latin1');
    }
  };
  walk(dir);
  return out;
}

/** Every operation that touches the workspace, with arguments that reach the planted entries. */
function everyOp(api: HostApi): [string, () => Promise<unknown>][] {
  const project = 'projects/LEAK.layerloom';
  // Readers first: a writer that replaces a planted link with a real file would hide a leak.
  return [
    ['listProjects', () => api.listProjects({})],
    ['openProject', () => api.openProject({ id: project })],
    ['recentFiles', () => api.recentFiles({})],
    [
      'readProjectData file',
      () => api.readProjectData({ projectId: project, path: 'data.csv', kind: 'file' }),
    ],
    [
      'readProjectData folder',
      () => api.readProjectData({ projectId: project, path: 'imgs', kind: 'folder' }),
    ],
    ['listRecoveries', () => api.listRecoveries({})],
    ['listRuns', () => api.listRuns({})],
    ['listRuns trashed', () => api.listRuns({ trashed: true })],
    ['readRun', () => api.readRun({ runId: RUN })],
    ['readRun evil', () => api.readRun({ runId: '20990101-000000-evil-cccccc' })],
    ['loadRunModel', () => api.loadRunModel({ runId: RUN })],
    ['loadRunModel checkpoint', () => api.loadRunModel({ runId: RUN, folder: 'checkpoint' })],
    ['listSweeps', () => api.listSweeps({})],
    ['listDatasets', () => api.listDatasets({})],
    ['readDataset', () => api.readDataset({ id: DATASET })],
    ['readDataset evil', () => api.readDataset({ id: 'evil' })],
    ['saveProject', () => api.saveProject({ id: project, content: doc('LEAK'), recoveryKey: KEY })],
    [
      'saveProjectAs overwrite',
      () => api.saveProjectAs({ name: 'LEAK', content: doc('x'), overwrite: true }),
    ],
    ['saveProjectAs new', () => api.saveProjectAs({ name: 'Fresh', content: doc('x'), overwrite: false })],
    ['autosave', () => api.autosave({ key: KEY, name: 'n', projectId: null, content: doc('x') })],
    ['autosave new', () => api.autosave({ key: 'evil', name: 'n', projectId: null, content: doc('x') })],
    ['createRun', () => api.createRun({ projectName: 'p', graph: doc('x') })],
    ['appendMetrics', () => api.appendMetrics({ runId: RUN, records: [{ epoch: 2 }] })],
    ['writeRunFile summary', () => api.writeRunFile({ runId: RUN, name: 'summary.json', content: '{}' })],
    [
      'writeRunFile evaluation',
      () => api.writeRunFile({ runId: RUN, name: 'evaluation.json', content: '{}' }),
    ],
    [
      'saveModelArtifacts',
      () => api.saveModelArtifacts({ runId: RUN, artifacts: { ...weights, weightData: new ArrayBuffer(8) } }),
    ],
    [
      'saveModelArtifacts checkpoint',
      () =>
        api.saveModelArtifacts({
          runId: RUN,
          folder: 'checkpoint',
          artifacts: { ...weights, weightData: new ArrayBuffer(8) },
        }),
    ],
    ['updateRunMeta', () => api.updateRunMeta({ runId: RUN, note: 'n' })],
    ['exportWeights', () => api.exportWeights({ runId: RUN })],
    ['exportModel run', () => api.exportModel({ source: { runId: RUN }, format: 'tfjs', contents: true })],
    [
      'exportModel project',
      () => api.exportModel({ source: { project: doc('LEAK'), projectId: project }, format: 'tfjs' }),
    ],
    ['exportFile', () => api.exportFile({ suggestedName: 'LEAK.csv', content: 'a' })],
    ['saveSweep', () => api.saveSweep({ sweepId: SWEEP, state: '{}', curves: '{}' })],
    ['saveSweep new', () => api.saveSweep({ sweepId: 'new-sweep', state: '{}' })],
    ['importDataset', () => api.importDataset({ name: 'evil', meta: {}, data: new ArrayBuffer(2) })],
    ['trashRun', () => api.trashRun({ runId: RUN })],
    ['restoreRun', () => api.restoreRun({ runId: TRASHED })],
    ['deleteDataset', () => api.deleteDataset({ id: DATASET })],
    ['discardRecovery', () => api.discardRecovery({ key: KEY })],
  ];
}

/** Answers as text, bytes included, so a SECRET anywhere in them shows. */
const asText = (value: unknown) =>
  JSON.stringify(value, (_k, v: unknown) =>
    v instanceof Uint8Array || v instanceof ArrayBuffer ? Buffer.from(v as Uint8Array).toString('latin1') : v,
  );

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

async function attack(points: readonly PlantPoint[], kind: LinkKind) {
  const host = await makeTestHost();
  cleanups.push(host.cleanup);
  await seed(host.api, host.root);
  const outside = path.join(host.tmpDir, 'outside');
  mkdirSync(outside, { recursive: true });
  for (const point of points) plant(host.root, outside, point, kind);
  const before = snapshot(outside);
  for (const [name, call] of everyOp(host.api)) {
    let answer: unknown;
    try {
      answer = await call();
    } catch (error) {
      expect(error, `${name} with links at ${points.join(', ')}`).toBeInstanceOf(HostError);
      expect((error as HostError).code, `${name}: ${(error as Error).message}`).not.toBe('internal');
      answer = (error as Error).message;
    }
    const text = asText(answer) ?? '';
    expect(text, `${name} read outside through ${points.join(', ')} (${kind})`).not.toContain('SECRET');
    expect(text, `${name} named the outside folder`).not.toContain(outside);
    expect(snapshot(outside), `${name} wrote outside through ${points.join(', ')} (${kind})`).toEqual(before);
  }
}

describe('containment of every workspace path', () => {
  it.each(PLANT_POINTS.flatMap((p) => [[p, 'to-outside-twin'] as const, [p, 'dangling-outside'] as const]))(
    'a link at %s (%s) is never read, listed or written through by any operation',
    async (point, kind) => {
      await attack([point], kind);
    },
    20_000,
  );

  it('holds for any set of links planted at once (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.constantFrom(...PLANT_POINTS), { minLength: 2, maxLength: 5 }),
        fc.constantFrom<LinkKind>('to-outside-twin', 'dangling-outside'),
        async (points, kind) => {
          // A link inside a linked folder would be planted outside: keep the outermost only.
          const outer = points.filter((p) => !points.some((q) => q !== p && p.startsWith(`${q}/`)));
          await attack(outer, kind);
          for (const c of cleanups.splice(0)) c();
        },
      ),
      { numRuns: 10 },
    );
  }, 120_000);
});
