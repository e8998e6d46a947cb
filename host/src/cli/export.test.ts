import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../../graph-core/src/compile';
import { parseProject, serializeProject } from '../../../graph-core/src/document';
import { weightsOfModel } from '../export/model-weights';
import { writeProjectWithSidecar } from '../workspace/weights-sidecar';
import { makeTempDir } from '../fs/test-dir';
import { main, EXIT } from './main';
import { loadModelFromDir } from './model-io';
import { captureConsole, sample } from './testkit';

const tmp = makeTempDir('layerloom-export-');
afterAll(() => tmp.cleanup());

const at = (...parts: string[]) => path.join(tmp.dir, ...parts);
function file(name: string, content: string): string {
  writeFileSync(at(name), content);
  return at(name);
}
async function cli(...argv: string[]) {
  const c = captureConsole();
  const code = await main(argv, { console: c, onInterrupt: () => undefined });
  return { code, out: c.stdout(), err: c.stderr() };
}

const iris = readFileSync(sample('iris-mlp'), 'utf8');
const irisRun = at('iris-run');
beforeAll(async () => {
  const r = await cli('train', sample('iris-mlp'), '--epochs', '2', '--backend', 'cpu', '--out', irisRun);
  expect(r.code).toBe(EXIT.ok);
}, 120_000);

function predict(model: { predict(x: tf.Tensor): unknown }, x: tf.Tensor): Float32Array {
  return (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
}

describe('layerloom export --format tfjs', () => {
  it('writes a run folder’s trained model that tf.loadLayersModel loads and that predicts exactly as the run’s own model', async () => {
    const out = at('run-tfjs');
    const r = await cli('export', irisRun, '--format', 'tfjs', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(
      /^Exported run iris-run \(trained weights\) as tfjs to .*run-tfjs\n {2}model\.json\n {2}weights\.bin\n$/,
    );
    const [exported, trained] = [
      await loadModelFromDir(out),
      await loadModelFromDir(path.join(irisRun, 'model')),
    ];
    const x = tf.randomUniform([16, 4], 0, 8, 'float32', 3);
    expect(Array.from(predict(exported, x))).toEqual(Array.from(predict(trained, x)));
  });

  it('writes a project’s fresh weights: the same the graph’s seed gives when compiled', async () => {
    const out = at('project-tfjs');
    const r = await cli('export', sample('iris-mlp'), '--format=tfjs', '--out', out);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain("project iris-mlp.layerloom (fresh weights from the Optimizer's seed)");
    const doc = parseProject(iris);
    if (!doc.ok) throw new Error(doc.error);
    const fresh = compileGraph(doc.doc).model;
    const exported = await loadModelFromDir(out);
    const x = tf.randomUniform([8, 4], 0, 8, 'float32', 5);
    expect(Array.from(predict(exported, x))).toEqual(Array.from(predict(fresh, x)));
    expect(exported.weights.map((w) => w.originalName)).toEqual(fresh.weights.map((w) => w.originalName));
  });

  it('writes the weights a version 2 project carries for the nodes it lists, fresh ones elsewhere', async () => {
    const doc = parseProject(iris);
    if (!doc.ok) throw new Error(doc.error);
    const hidden = weightsOfModel(compileGraph(doc.doc).model)
      .filter((w) => w.name.startsWith('hidden/'))
      .map((w) => ({ ...w, data: w.data.map((_, i) => (i % 7) / 10 - 0.3) }));
    const file = at('carried.layerloom');
    await writeProjectWithSidecar(
      file,
      { ...doc.doc, weights: { manifest: '', nodes: ['hidden'] } },
      hidden,
      serializeProject,
    );
    const out = at('carried-tfjs');
    const r = await cli('export', file, '--format', 'tfjs', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain('(the weights it carries)');
    const exported = await loadModelFromDir(out);
    const kernel = exported.weights.find((w) => w.originalName === 'hidden/kernel')!;
    expect(Array.from(kernel.read().dataSync())).toEqual(Array.from(hidden[0]!.data));
  });

  it('writes into an existing folder and creates missing parents', async () => {
    mkdirSync(at('exists'));
    expect((await cli('export', irisRun, '--format', 'tfjs', '--out', at('exists'))).code).toBe(EXIT.ok);
    expect((await cli('export', irisRun, '--format', 'tfjs', '--out', at('a', 'b', 'c'))).code).toBe(EXIT.ok);
    expect(JSON.parse(readFileSync(at('a', 'b', 'c', 'model.json'), 'utf8'))).toHaveProperty('modelTopology');
  });
});

describe('layerloom export exit codes', () => {
  it('exits 1 and prints the validate table when the project has errors', async () => {
    const bad = JSON.parse(iris) as {
      nodes: { id: string; type: string; params: Record<string, unknown> }[];
    };
    const dense = bad.nodes.filter((n) => n.type === 'Dense').at(-1)!;
    dense.params['units'] = 7;
    const r = await cli(
      'export',
      file('bad.layerloom', JSON.stringify(bad)),
      '--format',
      'tfjs',
      '--out',
      at('bad'),
    );
    expect(r.code).toBe(EXIT.invalid);
    expect(r.err).toContain(dense.id);
    expect(r.err).toMatch(/layerloom: .*bad\.layerloom has 1 error; nothing was exported/);
  });

  it.each([
    [
      'a missing source',
      () => ['export', at('nope'), '--format', 'tfjs', '--out', at('o1')],
      /nope: no such file or folder/,
    ],
    [
      'an unknown format',
      () => ['export', irisRun, '--format', 'keras', '--out', at('o2')],
      /--format must be one of .*tfjs.*not "keras"/,
    ],
    ['no --format', () => ['export', irisRun, '--out', at('o3')], /export needs --format/],
    ['no --out', () => ['export', irisRun, '--format', 'tfjs'], /export needs --out DIR/],
    ['no SOURCE', () => ['export', '--format', 'tfjs', '--out', at('o4')], /export needs a SOURCE/],
    [
      'an --out that is a file',
      () => ['export', irisRun, '--format', 'tfjs', '--out', file('taken', 'x')],
      /--out .*taken is a file; give a folder/,
    ],
    [
      'a folder that is no run',
      () => {
        mkdirSync(at('empty'), { recursive: true });
        return ['export', at('empty'), '--format', 'tfjs', '--out', at('o5')];
      },
      /not a run folder \(no graph\.layerloom\)/,
    ],
    [
      'a project that is not JSON',
      () => ['export', file('x.layerloom', '{ "format":'), '--format', 'tfjs', '--out', at('o6')],
      /x\.layerloom: Not valid JSON/,
    ],
  ])('exits 2 with one clear line for %s', async (_what, argv, pattern) => {
    const r = await cli(...argv());
    expect(r.code).toBe(EXIT.unreadable);
    expect(r.err).toMatch(/^layerloom: /);
    expect(r.err).toMatch(pattern);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('exits 2 naming the data when the data a PyTorch export needs cannot be read', async () => {
    const run = at('lost-data-run');
    mkdirSync(run, { recursive: true });
    for (const f of ['graph.layerloom', 'summary.json'])
      writeFileSync(path.join(run, f), readFileSync(path.join(irisRun, f)));
    mkdirSync(path.join(run, 'model'));
    for (const f of ['model.json', 'weights.bin'])
      writeFileSync(path.join(run, 'model', f), readFileSync(path.join(irisRun, 'model', f)));
    const graph = JSON.parse(readFileSync(path.join(run, 'graph.layerloom'), 'utf8')) as {
      nodes: { type: string; params: Record<string, unknown> }[];
    };
    const dataset = graph.nodes.find((n) => n.type === 'Dataset')!;
    dataset.params = { source: 'csv', path: 'gone.csv', labelColumn: 'species' };
    writeFileSync(path.join(run, 'graph.layerloom'), JSON.stringify(graph));
    const r = await cli('export', run, '--format', 'pytorch', '--out', at('o9'));
    expect(r.code).toBe(EXIT.unreadable);
    expect(r.err).toMatch(/^layerloom: .*lost-data-run: its data cannot be read: .*gone\.csv/);
    expect(existsSync(at('o9'))).toBe(false);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('exits 2 naming the file when a run’s weights are damaged or belong to another graph', async () => {
    const run = at('damaged-run');
    mkdirSync(path.join(run, 'model'), { recursive: true });
    writeFileSync(path.join(run, 'graph.layerloom'), readFileSync(path.join(irisRun, 'graph.layerloom')));
    writeFileSync(
      path.join(run, 'model', 'model.json'),
      readFileSync(path.join(irisRun, 'model', 'model.json')),
    );
    writeFileSync(path.join(run, 'model', 'weights.bin'), new Uint8Array(12));
    const short = await cli('export', run, '--format', 'tfjs', '--out', at('o7'));
    expect(short.code).toBe(EXIT.unreadable);
    expect(short.err).toMatch(/damaged-run\/model: weight ".*" needs bytes/);

    const other = JSON.parse(iris) as { nodes: { type: string; params: Record<string, unknown> }[] };
    other.nodes.find((n) => n.type === 'Dense')!.params['units'] = 5;
    writeFileSync(path.join(run, 'graph.layerloom'), JSON.stringify(other));
    writeFileSync(
      path.join(run, 'model', 'weights.bin'),
      readFileSync(path.join(irisRun, 'model', 'weights.bin')),
    );
    const mismatch = await cli('export', run, '--format', 'tfjs', '--out', at('o8'));
    expect(mismatch.code).toBe(EXIT.unreadable);
    expect(mismatch.err).toMatch(
      /its weights do not fit its graph: weight ".*kernel" has shape \[4, \d+\] but the graph needs \[4, 5\]/,
    );
  });
});
