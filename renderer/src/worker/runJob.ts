/**
 * One training run inside the worker: data → backend → compile → run folder → graph-core's
 * trainModel (the CLI's loop) → model, evaluation and summary on disk.
 */
import * as tf from '@tensorflow/tfjs';
import { compileGraph } from '../../../graph-core/src/compile';
import { CompileError, type CompiledGraph } from '../../../graph-core/src/compile';
import {
  DataPipelineError,
  loadDataForGraph,
  type DataIO,
  type PreparedData,
} from '../../../graph-core/src/data';
import { runGraphText } from '../../../graph-core/src/runs';
import { carriedWeights } from './carriedWeights';
import { decisionBoundary, runTrainingJob } from '../../../graph-core/src/train';
import { HostError, type HostApi } from '../../../host/src/contract';
import { projectDataIO } from '../data/projectDataIO';
import { decodeImageBrowser } from '../panels/data/browserIO';
import { setupBackend } from './backend';
import { requestWasmThreads } from './wasmSetup';
import { BadgeProbe } from './badges';
import { BoundaryPacer } from './liveBoundary';
import type { Control } from './control';
import type { MainToWorker, WorkerToMain } from './protocol';
import { hostRunSink, loadCheckpointInto, type RestoredCheckpoint, type RunExtras } from './runFiles';
import { textureProblem, type TensorNeed } from './textureLimit';
import { BatchThrottle } from './throttle';

type Start = Extract<MainToWorker, { type: 'start' }>;
type Post = (message: WorkerToMain) => void;

const BADGE_EVERY_REPORTS = 8;
const GRADIENTS_EVERY_BADGES = 4;

/** Built-in assets, workspace copies, and paths read beside the project with images decoded here. */
function dataIO(host: HostApi, projectId: string | null): DataIO {
  return {
    readAsset: async (name) => (await host.readDatasetAsset({ name: name.replace(/^datasets\//, '') })).bytes,
    ...projectDataIO(host, projectId, { folderBytes: true }),
    decodeImage: decodeImageBrowser,
    readWorkspaceDataset: async (id) => {
      // A copy that is gone is not an error yet: the node's path may still name the data.
      const d = await host.readDataset({ id }).catch((e: unknown) => {
        if (e instanceof HostError && e.code === 'not_found') return null;
        throw e;
      });
      return d && { meta: d.meta ?? d, data: d.data };
    },
  };
}

function tensorNeeds(compiled: CompiledGraph): TensorNeed[] {
  const batch = compiled.optimizerConfig.batchSize;
  const needs: TensorNeed[] = [];
  for (const layer of compiled.model.layers) {
    for (const w of layer.weights)
      needs.push({ nodeId: layer.name, what: `weights "${w.originalName}"`, shape: w.shape as number[] });
    const shape = (layer.outputShape as (number | null)[]).map((d) => d ?? batch);
    if (shape.every((d) => typeof d === 'number'))
      needs.push({ nodeId: layer.name, what: `output at batch ${batch}`, shape });
  }
  return needs;
}

function probeBatch(data: PreparedData, compiled: CompiledGraph): [tf.Tensor, tf.Tensor] {
  const split = data.validation.count > 0 ? data.validation : data.train;
  const n = Math.min(64, split.count);
  const per = data.featureShape.reduce((a, b) => a * b, 1);
  return tf.tidy(() => {
    const x = tf.tensor(split.x.subarray(0, n * per), [n, ...data.featureShape]);
    const labels = split.y.subarray(0, n);
    let y: tf.Tensor;
    if (compiled.labelEncoding === 'onehot')
      y = tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), compiled.outputUnits).toFloat();
    else if (compiled.labelEncoding === 'index') y = tf.tensor1d(labels);
    else y = tf.tensor2d(labels, [n, 1]);
    return [x, y];
  });
}

export async function runJob(start: Start, host: HostApi, control: Control, post: Post): Promise<void> {
  let runId: string | null = null;
  const requestedAt = start.requestedAt ?? Date.now();
  try {
    post({ type: 'phase', phase: 'loading' });
    const data = await loadDataForGraph(start.doc, dataIO(host, start.projectId));
    post({ type: 'phase', phase: 'compiling' });
    const weights = await carriedWeights(host, start.doc, start.projectId);
    const compile = () =>
      compileGraph(start.doc, { featureShape: data.featureShape, task: data.task, weights });
    await tf.setBackend('cpu'); // whatever backend tfjs would default to, compile checks need none
    compile().model.dispose(); // compile errors before any backend work
    requestWasmThreads(start.wasmThreads);
    const info = await setupBackend(start.backend, compile, (event) => post({ type: 'probe', event }));
    post({ type: 'backend', info });
    const compiled = compile();
    let restored: RestoredCheckpoint | null = null;
    try {
      if (info.backend === 'webgl') {
        const problem = textureProblem(tensorNeeds(compiled), tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE'));
        if (problem) {
          post({ type: 'error', message: problem.message, nodeId: problem.nodeId, runId: null });
          return;
        }
        control.watchContext();
      }
      const from = start.options.resumeFrom;
      restored = from
        ? loadCheckpointInto(
            compiled.model,
            await host.loadRunModel({ runId: from.runId, folder: 'checkpoint' }),
          )
        : null;
      // The checkpoint knows its epoch; the caller's number only covers checkpoints saved before it did.
      const resume = from && { runId: from.runId, epoch: restored?.epoch ?? from.epoch };
      runId = (
        await host.createRun({
          projectName: start.projectName,
          projectId: start.projectId,
          graph: runGraphText(start.doc),
          ...(start.sweep && { sweepId: start.sweep.sweepId, name: start.sweep.runName }),
          ...(start.sweep?.variant && { sweepVariant: start.sweep.variant }),
        })
      ).runId;
      await train(start, host, control, post, {
        runId,
        compiled,
        data,
        restored,
        requestedAt,
        info: {
          renderer: info.renderer,
          fallbackReason: info.fallbackReason,
          backendReason: info.reason,
          ...(resume && { resumedFrom: resume }),
        },
      });
    } finally {
      tf.dispose(restored?.optimizerWeights.map((w) => w.tensor) ?? []);
      if (!control.contextLost) compiled.model.dispose();
    }
  } catch (error) {
    const e = error as Error;
    const at = error instanceof CompileError || error instanceof DataPipelineError ? error : null;
    post({
      type: 'error',
      message: e.message,
      nodeId: at?.nodeId ?? null,
      ...(at?.field !== undefined && { field: at.field }),
      runId,
    });
  }
}

interface Job {
  runId: string;
  compiled: CompiledGraph;
  data: PreparedData;
  restored: RestoredCheckpoint | null;
  info: RunExtras;
  requestedAt: number;
}

async function train(start: Start, host: HostApi, control: Control, post: Post, job: Job): Promise<void> {
  const { runId, compiled, data, info } = job;
  const done = info.resumedFrom?.epoch ?? 0;
  // Continuing a finished run still trains one more epoch rather than none.
  const epochs = Math.max(compiled.optimizerConfig.epochs, done + 1);
  const batchSize = Math.min(compiled.optimizerConfig.batchSize, data.train.count);
  post({
    type: 'run',
    runId,
    epochsPlanned: epochs,
    batchesPerEpoch: Math.ceil(data.train.count / batchSize),
    trainCount: data.train.count,
  });
  const throttle = new BatchThrottle(150, (points) => post({ type: 'batches', points }));
  const [px, py] = probeBatch(data, compiled);
  const badges = new BadgeProbe(compiled, px, py);
  let reports = 0;
  const live = new BoundaryPacer(() => decisionBoundary(compiled, data));
  const result = await runTrainingJob({
    compiled,
    data,
    sink: hostRunSink(host, runId),
    extras: { ...info },
    requestedAt: job.requestedAt,
    epochs,
    ...(info.resumedFrom && {
      resume: { epoch: done, optimizerWeights: job.restored?.optimizerWeights ?? [] },
    }),
    reportEvery: 4,
    checkpointEvery: start.options.checkpointEvery,
    shouldStop: () => control.stopRequested || control.contextLost,
    isPaused: () => control.paused,
    lost: control.lost,
    canSave: () => !control.contextLost,
    onPhase: (phase) => {
      if (phase !== 'training') throttle.flush();
      post({ type: 'phase', phase });
    },
    onBatch: async (m) => {
      throttle.push(m);
      reports++;
      if (reports % BADGE_EVERY_REPORTS === 0 && !control.contextLost) {
        const withGrads = reports % (BADGE_EVERY_REPORTS * GRADIENTS_EVERY_BADGES) === 0;
        post({ type: 'badges', badges: await badges.measure(withGrads) });
      }
      const boundary = control.contextLost ? null : await live.maybe();
      if (boundary) post({ type: 'boundary', runId, epoch: m.epoch, step: m.step + 1, boundary });
    },
    onEpoch: (m) => {
      throttle.flush();
      post({ type: 'epoch', metrics: m });
    },
    onCheckpoint: (epoch) => post({ type: 'checkpoint', epoch }),
    onDone: (summary, { checkpointEpoch, lost }) => {
      throttle.flush();
      post({ type: 'done', runId, summary, contextLost: lost, checkpointEpoch });
    },
    onEvaluation: (report) => post({ type: 'evaluation', runId, report }),
  });
  if (!result.lost) badges.dispose();
}
