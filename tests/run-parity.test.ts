/// <reference types="vite/client" />
/**
 * The same tiny graph trained by the CLI (graph-core's job driver through the Node sink) and by
 * the app's worker (the same driver through the HostApi sink, against a workspace) leaves the same
 * files, each valid against graph-core's run format. Lives outside host/ and renderer/ because it
 * drives both.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseProject, type GraphDocument } from '../graph-core/src/document';
import {
  checkpointInfoSchema,
  evaluationSchema,
  metricsLineSchema,
  modelManifestSchema,
  readRunFolderDetail,
  RUN_FILES,
  runMetaSchema,
  summarySchemaFor,
} from '../graph-core/src/runs';
import { nodeDataIO } from '../host/src/cli/node-io';
import { trainToRunFolder } from '../host/src/cli/run-training';
import { nodeRunFolderFiles } from '../host/src/fs/run-folder-files';
import { makeTempDir } from '../host/src/fs/test-dir';
import { createWorkspaceHost } from '../host/src/workspace/services';
import { Control } from '../renderer/src/worker/control';
import { runJob } from '../renderer/src/worker/runJob';

// The worker's wasm thread setup imports Vite's virtual module; cpu training never reaches it.
vi.mock('virtual:tfjs-pthread-scripts', () => ({ glueUrl: '', workerUrl: '' }));

const root = process.cwd();
let tmp: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  tmp = makeTempDir('layerloom-parity-');
});
afterAll(() => tmp.cleanup());

function irisTwoEpochs(): GraphDocument {
  const parsed = parseProject(readFileSync(path.join(root, 'assets/samples/iris-mlp.layerloom'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  return {
    ...parsed.doc,
    nodes: parsed.doc.nodes.map((n) =>
      n.type === 'Optimizer' ? { ...n, params: { ...n.params, epochs: 2 } } : n,
    ),
  };
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const rel = prefix ? `${prefix}/${name}` : name;
    return statSync(path.join(dir, name)).isDirectory() ? filesUnder(path.join(dir, name), rel) : [rel];
  });
}

async function trainWithCli(doc: GraphDocument): Promise<string> {
  const runDir = path.join(tmp.dir, 'cli-run');
  const { summary } = await trainToRunFolder({
    doc,
    runDir,
    io: nodeDataIO(path.join(root, 'assets/samples'), path.join(root, 'assets'), null),
    backend: 'cpu',
  });
  expect(summary.status).toBe('completed');
  return runDir;
}

async function trainWithWorker(doc: GraphDocument): Promise<string> {
  const workspace = path.join(tmp.dir, 'ws');
  const { api } = await createWorkspaceHost({ workspace, appRoot: root, kind: 'server' });
  const posted: string[] = [];
  let runId: string | null = null;
  await runJob(
    {
      type: 'start',
      doc,
      projectName: doc.name,
      projectId: null,
      backend: 'cpu',
      host: { kind: 'proxy' },
      options: { checkpointEvery: 1 },
    },
    api,
    new Control(),
    (m) => {
      posted.push(m.type);
      if (m.type === 'run') runId = m.runId;
      if (m.type === 'error') throw new Error(m.message);
    },
  );
  expect(posted).toContain('evaluation');
  return path.join(workspace, 'runs', runId!);
}

function expectValidRunFiles(dir: string): void {
  const json = (rel: string) =>
    JSON.parse(readFileSync(path.join(dir, rel), 'utf8')) as Record<string, unknown>;
  const summary = json(RUN_FILES.summary);
  expect(summarySchemaFor(summary).parse(summary)).toMatchObject({ status: 'completed' });
  expect(runMetaSchema.parse(json(RUN_FILES.meta)).runFormat).toBe(1);
  const lines = readFileSync(path.join(dir, RUN_FILES.metrics), 'utf8').trim().split('\n');
  expect(lines.map((l) => metricsLineSchema.parse(JSON.parse(l)).epoch)).toEqual([1, 2]);
  expect(checkpointInfoSchema.parse(json(RUN_FILES.checkpointInfo))).toMatchObject({
    epoch: 1,
    reason: 'interval',
  });
  evaluationSchema.parse(json(RUN_FILES.evaluation));
  modelManifestSchema.parse(json('model/model.json'));
  const checkpoint = modelManifestSchema.parse(json('checkpoint/model.json'));
  expect(checkpoint.weightsManifest[0]!.weights.some((w) => w.group === 'optimizer')).toBe(true);
}

describe('one run format from the CLI and the app', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('trains the same graph into the same file set, every file valid, with the same results', async () => {
    const doc = irisTwoEpochs();
    const cliDir = await trainWithCli(doc);
    const appDir = await trainWithWorker(doc);
    const ignoreBackups = (files: string[]) => files.filter((f) => !f.endsWith('.bak')).sort();
    expect(ignoreBackups(filesUnder(cliDir))).toEqual(ignoreBackups(filesUnder(appDir)));
    expect(ignoreBackups(filesUnder(cliDir))).toEqual([
      'checkpoint.json',
      'checkpoint/model.json',
      'checkpoint/weights.bin',
      'evaluation.json',
      'graph.layerloom',
      'meta.json',
      'metrics.jsonl',
      'model/model.json',
      'model/weights.bin',
      'summary.json',
    ]);
    expectValidRunFiles(cliDir);
    expectValidRunFiles(appDir);
    const [cli, app] = await Promise.all(
      [cliDir, appDir].map((dir) => readRunFolderDetail(nodeRunFolderFiles(dir), { id: path.basename(dir) })),
    );
    expect(cli!.layout).toBe('current');
    expect(app!.layout).toBe('current');
    // Same seed, same backend, same driver: the same numbers.
    expect(cli!.metrics.map((m) => m.loss)).toEqual(app!.metrics.map((m) => m.loss));
    expect(cli!.evaluation?.confusion).toEqual(app!.evaluation?.confusion);
  });
});
