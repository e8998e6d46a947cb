import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphNode } from '../../../graph-core/src/document';
import { writeImageFolder } from '../data/fixtures';
import { makeTempDir } from '../fs/test-dir';
import { main } from './main';
import { sweepCommand } from './sweep';
import { captureConsole, writeChainProject } from './testkit';

// `sweep` and `export` read a project's data as `train` does: inside the project's folder unless
// --allow-data-outside, and each image file left out is one `warning:` line on stderr.
const tmp = makeTempDir('layerloom-cli-outside-');
const projectDir = path.join(tmp.dir, 'project');
const outsideDir = path.join(tmp.dir, 'outside');
afterAll(() => tmp.cleanup());

type Params = GraphNode['params'];
const project = (name: string, dataset: Params, layers: [string, Params][]): string =>
  writeChainProject(projectDir, name, {
    dataset: { validationSplit: 0.25, seed: 1, ...dataset },
    layers,
    layerId: 'l',
  });

const dense: [string, Params][] = [['Dense', { units: 2, activation: 'softmax' }]];
const cnn: [string, Params][] = [
  ['Conv2D', { filters: 2, kernelSize: 3, activation: 'relu' }],
  ['Flatten', {}],
  ['Dense', { units: 2, activation: 'softmax' }],
];
let outsideCsv = '';
let badImages = '';

beforeAll(() => {
  mkdirSync(projectDir, { recursive: true });
  mkdirSync(outsideDir, { recursive: true });
  const rows = ['width;height;kind'];
  for (let i = 0; i < 24; i++) rows.push(`${(i % 7) + 1};${(i % 5) * 2};${i % 2 ? 'tall' : 'wide'}`);
  writeFileSync(path.join(outsideDir, 'shapes.csv'), rows.join('\n') + '\n');
  outsideCsv = project(
    'outside',
    { source: 'csv', path: '../outside/shapes.csv', labelColumn: 'kind' },
    dense,
  );
  const dir = path.join(projectDir, 'pictures');
  writeImageFolder(dir, 4, 8);
  const png = readFileSync(path.join(dir, 'dark', '000.png'));
  writeFileSync(path.join(dir, 'dark', 'cut.png'), png.subarray(0, png.length - 30));
  writeFileSync(path.join(dir, 'bright', 'broken.jpg'), 'not a jpeg');
  badImages = project('bad-images', { source: 'images', path: 'pictures', imageSize: 8, channels: 1 }, cnn);
});

function io() {
  const o = { out: '', err: '' };
  return { o, io: { out: (s: string) => (o.out += s), err: (s: string) => (o.err += s) } };
}
const warnings = (err: string) => err.split('\n').filter((l) => l.startsWith('warning: '));
const SKIPPED = [
  'warning: Dataset "data": skipped "bright/broken.jpg": not a PNG, JPEG or WebP file (unrecognised content)',
  'warning: Dataset "data": skipped "dark/cut.png": could not be decoded as PNG: the file ends inside its IDAT chunk',
];
const noInterrupt = () => () => {};
const sweep = (args: string[]) => {
  const c = io();
  return sweepCommand(args, c.io, { onInterrupt: noInterrupt }).then((code) => ({ code, ...c.o }));
};

// Export first: it must start a backend itself in a process that has not trained (a fresh
// `layerloom export` failed with "backend 'wasm' has not yet been initialized").
describe('layerloom export and the data rule', () => {
  const exportTo = async (args: string[]) => {
    const c = captureConsole();
    const code = await main(['export', ...args], { console: c, onInterrupt: () => undefined });
    return { code, out: c.stdout(), err: c.stderr() };
  };

  it('refuses a data path outside the project folder, naming the flag, and reads it with --allow-data-outside', async () => {
    const out = path.join(tmp.dir, 'e1');
    const refused = await exportTo([outsideCsv, '--format', 'pytorch', '--out', out]);
    // As for `train`: the project has an error on its Dataset, so nothing is exported.
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('pass --allow-data-outside to read it anyway');
    const allowed = await exportTo([outsideCsv, '--format', 'pytorch', '--out', out, '--allow-data-outside']);
    expect(allowed.err).toBe('');
    expect(allowed.code).toBe(0);
    expect(allowed.out).toContain('data.npz');
  });

  it('says which image files the data it ships left out', async () => {
    const r = await exportTo([badImages, '--format', 'pytorch', '--out', path.join(tmp.dir, 'e2')]);
    expect(r.code).toBe(0);
    expect(r.err.trim().split('\n')).toEqual(SKIPPED);
  });
});

describe('layerloom sweep and the data rule', () => {
  it('refuses a data path outside the project folder, naming the flag, and reads it with --allow-data-outside', async () => {
    const refused = await sweep([outsideCsv, '--set', 'l0.units=2', '--out', path.join(tmp.dir, 's1')]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('pass --allow-data-outside to read it anyway');
    const allowed = await sweep([
      outsideCsv,
      '--set',
      'opt.seed=1,2',
      '--out',
      path.join(tmp.dir, 's2'),
      '--allow-data-outside',
    ]);
    expect(allowed.err).toBe('');
    expect(allowed.code).toBe(0);
  }, 60_000);

  it('says which image files it skipped, once for the whole sweep, and trains every variant', async () => {
    const r = await sweep([badImages, '--set', 'opt.seed=1,2', '--out', path.join(tmp.dir, 's3')]);
    expect(r.code).toBe(0);
    expect(warnings(r.err)).toEqual(SKIPPED);
  }, 60_000);
});
