import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeDataset } from '../../../graph-core/src/data';
import type { GraphNode } from '../../../graph-core/src/document';
import { writeImageFolder } from '../data/fixtures';
import { makeTempDir } from '../fs/test-dir';
import { EXIT, main } from './main';
import { RUN_FILES } from '../../../graph-core/src/runs';
import { captureConsole, writeChainProject } from './testkit';

// Every fixture is made here: a CSV, a folder of PNGs and a workspace dataset, all tiny.
const tmp = makeTempDir('layerloom-cli-data-');
const projectDir = path.join(tmp.dir, 'project');
const workspace = path.join(tmp.dir, 'workspace');
afterAll(() => tmp.cleanup());

beforeAll(() => {
  mkdirSync(projectDir, { recursive: true });
  const rows = ['width;height;kind'];
  for (let i = 0; i < 60; i++) rows.push(`${(i % 7) + 1};${(i % 5) * 2};${i % 2 ? 'tall' : 'wide'}`);
  writeFileSync(path.join(projectDir, 'shapes.csv'), rows.join('\n') + '\n');
  writeImageFolder(path.join(projectDir, 'pictures'), 10, 8);
  const x = Float32Array.from({ length: 40 * 3 }, (_, i) => (i % 11) / 10);
  const y = Float32Array.from({ length: 40 }, (_, i) => i % 3);
  const { meta, data } = encodeDataset({
    name: 'stored',
    modality: 'tabular',
    featureShape: [3],
    task: 'classification',
    numClasses: 3,
    classNames: ['a', 'b', 'c'],
    count: 40,
    x,
    y,
  });
  const dir = path.join(workspace, 'datasets', 'stored-set');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ name: 'stored', createdAt: 'now', meta }));
  writeFileSync(path.join(dir, 'data.bin'), data);
});

type Params = GraphNode['params'];

/** Dataset → data steps → Input → layers → Loss → Optimizer, wired in order. */
const chain = (name: string, dataset: Params, steps: [string, Params][], layers: [string, Params][]) =>
  writeChainProject(projectDir, name, {
    dataset: { validationSplit: 0.2, testSplit: 0.2, seed: 1, ...dataset },
    steps,
    layers,
    layerId: 'layer',
  });

const csvProject = () =>
  chain(
    'csv',
    { source: 'csv', path: 'shapes.csv', labelColumn: 'kind' },
    [],
    [['Dense', { units: 2, activation: 'softmax' }]],
  );
const cnn: [string, Params][] = [
  ['Conv2D', { filters: 2, kernelSize: [3, 3], activation: 'relu' }],
  ['Flatten', {}],
  ['Dense', { units: 2, activation: 'softmax' }],
];
const imageProject = () =>
  chain('images', { source: 'images', path: 'pictures/', imageSize: [8, 8], channels: 1 }, [], cnn);
const everyDataNode = () =>
  chain(
    'every-data-node',
    { source: 'images', path: 'pictures', imageSize: [8, 8], channels: 1 },
    [
      ['Subset', { limit: 16, balanced: true, seed: 3 }],
      ['Resize', { size: [6, 6] }],
      ['Normalize', { method: 'minmax' }],
      ['Augment', { flipHorizontal: true, shift: 0.1, noise: 0.05 }],
    ],
    cnn,
  );
const workspaceProject = () =>
  chain(
    'workspace',
    { source: 'csv', datasetId: 'stored-set' },
    [],
    [['Dense', { units: 3, activation: 'softmax' }]],
  );

async function train(file: string, ...flags: string[]) {
  const out = path.join(tmp.dir, 'runs', path.basename(file, '.layerloom'));
  const c = captureConsole();
  const code = await main(['train', file, '--backend', 'cpu', '--out', out, ...flags], {
    console: c,
    onInterrupt: () => undefined,
  });
  const summary = JSON.parse(readFileSync(path.join(out, RUN_FILES.summary), 'utf8')) as Record<
    string,
    unknown
  >;
  return { code, summary, c };
}

describe('layerloom train on imported data', () => {
  it.each([
    ['a CSV file beside the project', csvProject, [] as string[]],
    ['an image folder with a tiny CNN', imageProject, []],
    ['an image folder through Subset, Resize, Normalize and Augment', everyDataNode, []],
    ['a dataset kept in the workspace (--workspace)', workspaceProject, ['--workspace', workspace]],
  ])('trains %s for one epoch and reports test metrics', async (_what, make, flags) => {
    const { code, summary, c } = await train(make(), ...flags);
    expect(c.stdout()).toMatch(/Run completed/);
    expect(code).toBe(EXIT.ok);
    expect(summary).toMatchObject({ status: 'completed', epochs: 1 });
    const test = summary['test'] as { acc: number; loss: number };
    expect(test.acc).toBeGreaterThanOrEqual(0);
    expect(test.acc).toBeLessThanOrEqual(1);
    expect(Number.isFinite(test.loss)).toBe(true);
    expect((summary['dataset'] as { test: number }).test).toBeGreaterThan(0);
  });

  it('keeps Subset and Resize in what it trains on', async () => {
    const { summary } = await train(everyDataNode());
    const counts = summary['dataset'] as { train: number; validation: number; test: number };
    expect(counts.train + counts.validation + counts.test).toBe(16);
    // Conv2D 3×3 with 2 filters on 6×6 → 4×4×2 = 32 → Dense(2): 20 + 66 params.
    expect(summary['totalParams']).toBe(20 + 66);
  });

  it('says which image files it skipped and why, one warning each, and trains on the rest', async () => {
    const dir = path.join(projectDir, 'pictures-with-bad');
    writeImageFolder(dir, 6, 8);
    const png = readFileSync(path.join(dir, 'dark', '000.png'));
    writeFileSync(path.join(dir, 'dark', 'cut.png'), png.subarray(0, png.length - 30));
    writeFileSync(path.join(dir, 'bright', 'broken.jpg'), 'not a jpeg');
    const file = chain(
      'bad-images',
      { source: 'images', path: 'pictures-with-bad', imageSize: [8, 8], channels: 1 },
      [],
      cnn,
    );
    const { code, summary, c } = await train(file);
    expect(code).toBe(EXIT.ok);
    const counts = summary['dataset'] as { train: number; validation: number; test: number };
    expect(counts.train + counts.validation + counts.test).toBe(12);
    const warnings = c
      .stderr()
      .split('\n')
      .filter((l) => l.startsWith('warning: '));
    expect(warnings).toEqual([
      'warning: Dataset "data": skipped "bright/broken.jpg": not a PNG, JPEG or WebP file (unrecognised content)',
      'warning: Dataset "data": skipped "dark/cut.png": could not be decoded as PNG: the file ends inside its IDAT chunk',
    ]);
  });

  it('finds the workspace through LAYERLOOM_WORKSPACE when --workspace is not given', async () => {
    const before = process.env['LAYERLOOM_WORKSPACE'];
    process.env['LAYERLOOM_WORKSPACE'] = workspace;
    try {
      const { code, summary } = await train(workspaceProject());
      expect([code, summary['status']]).toEqual([EXIT.ok, 'completed']);
    } finally {
      if (before === undefined) delete process.env['LAYERLOOM_WORKSPACE'];
      else process.env['LAYERLOOM_WORKSPACE'] = before;
    }
  });

  it('names the Dataset when the workspace lacks the dataset, and trains nothing', async () => {
    const c = captureConsole();
    const out = path.join(tmp.dir, 'runs', 'missing');
    const code = await main(
      ['train', workspaceProject(), '--workspace', path.join(tmp.dir, 'empty-ws'), '--out', out],
      { console: c, onInterrupt: () => undefined },
    );
    expect(code).toBe(EXIT.invalid);
    expect(c.stderr()).toContain(
      'data.datasetId: Dataset "data": imported dataset "stored-set" is not in this workspace',
    );
  });
});

async function validateJson(file: string, ...flags: string[]) {
  const c = captureConsole();
  const code = await main(['validate', file, '--json', ...flags], { console: c });
  const json = JSON.parse(c.stdout()) as {
    valid: boolean;
    nodes: { id: string; outputShape: (number | null)[] | null }[];
    diagnostics: { nodeId: string; field: string; severity: string; message: string }[];
  };
  const shapes = Object.fromEntries(json.nodes.map((n) => [n.id, n.outputShape]));
  return { code, json, shapes };
}

describe('layerloom validate on imported data', () => {
  it('knows the CSV columns: the Input has 2 features and no warning is left', async () => {
    const { code, json, shapes } = await validateJson(csvProject());
    expect(code).toBe(EXIT.ok);
    expect([shapes['in'], shapes['layer0']]).toEqual([
      [null, 2],
      [null, 2],
    ]);
    expect(json.diagnostics).toEqual([]);
  });

  it('knows an image folder through Resize, and a workspace dataset from its metadata', async () => {
    const images = await validateJson(everyDataNode());
    expect([images.shapes['step1'], images.shapes['layer1']]).toEqual([
      [null, 6, 6, 1],
      [null, 32],
    ]);
    const stored = await validateJson(workspaceProject(), '--workspace', workspace);
    expect([stored.code, stored.shapes['in']]).toEqual([EXIT.ok, [null, 3]]);
  });

  it('catches a class-count mismatch that only the data reveals', async () => {
    const file = chain(
      'too-few-units',
      { source: 'csv', path: 'shapes.csv', labelColumn: 'kind' },
      [],
      [['Dense', { units: 5, activation: 'softmax' }]],
    );
    const { code, json } = await validateJson(file);
    expect(code).toBe(EXIT.invalid);
    expect(json.diagnostics).toContainEqual(
      expect.objectContaining({ nodeId: 'layer0', field: 'units', severity: 'error' }),
    );
    expect(json.diagnostics[0]!.message).toMatch(/has 2 classes: set units to 2/);
  });

  it.each([
    [
      'a missing CSV file',
      { source: 'csv', path: 'gone.csv', labelColumn: 'kind' },
      'path',
      /cannot read "gone.csv"/,
    ],
    [
      'an unknown label column',
      { source: 'csv', path: 'shapes.csv', labelColumn: 'colour' },
      'labelColumn',
      /no column "colour"/,
    ],
    [
      'a missing image folder',
      { source: 'images', path: 'nowhere', imageSize: [8, 8], channels: 1 },
      'path',
      /cannot read the folder "nowhere"/,
    ],
  ])('reports %s as an error on the Dataset field', async (_what, dataset, field, message) => {
    const file = chain('broken', dataset, [], [['Dense', { units: 2, activation: 'softmax' }]]);
    const { code, json } = await validateJson(file);
    expect(code).toBe(EXIT.invalid);
    expect(json.diagnostics[0]).toMatchObject({ nodeId: 'data', field, severity: 'error' });
    expect(json.diagnostics[0]!.message).toMatch(message);
  });
});
