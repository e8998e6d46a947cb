import { promises as fsp } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { analyzeGraph } from '../../../graph-core/src/analysis';
import { compileGraph, CompileError } from '../../../graph-core/src/compile';
import type { CompiledGraph } from '../../../graph-core/src/compile';
import { loadDataForGraph, DataPipelineError, type DataIO } from '../../../graph-core/src/data';
import type { GraphDocument, JsonValue } from '../../../graph-core/src/document';
import { runTrainingJob } from '../../../graph-core/src/train';
import type { BatchMetrics, EpochMetrics, RunSummary } from '../../../graph-core/src/train';
import type { NamedWeight } from '../../../graph-core/src/weights';
import {
  RUN_FILES,
  RUN_FORMAT_VERSION,
  runGraphText,
  type RunMeta,
  type SweepVariantRef,
} from '../../../graph-core/src/runs';
import { writeFileAtomic, writeJsonAtomic } from '../fs/atomic-write';
import type { BackendChoice as ProbeResult, ProbeCache } from '../../../graph-core/src/backends';
import { BackendUnavailableError, chooseBackend, type BackendChoice } from './backend';
import { nodeRunSink } from '../fs/run-sink-node';
import { AssetMissingError } from './node-io';

export interface Overrides {
  epochs?: number | null;
  seed?: number | null;
  limit?: number | null;
}

/** The graph that actually runs: CLI flags become params, so graph.layerloom records the run exactly. */
export function applyOverrides(doc: GraphDocument, o: Overrides): GraphDocument {
  const changes: [string, string, JsonValue | null | undefined][] = [
    ['Optimizer', 'epochs', o.epochs],
    ['Optimizer', 'seed', o.seed],
    ['Dataset', 'limit', o.limit],
  ];
  let out = doc;
  for (const [type, name, value] of changes) {
    if (value === null || value === undefined) continue;
    out = {
      ...out,
      nodes: out.nodes.map((n) => (n.type === type ? { ...n, params: { ...n.params, [name]: value } } : n)),
    };
  }
  return out;
}

export interface TrainRunOptions {
  doc: GraphDocument;
  /** Weights the project carries (its sidecar); the nodes in `doc.weights.nodes` start from them. */
  weights?: readonly NamedWeight[];
  runDir: string;
  io: DataIO;
  backend?: BackendChoice;
  /** For a sweep variant: the sweep (its folder's name) and the variant, recorded in meta.json. */
  sweep?: { sweepId: string; variant: SweepVariantRef };
  /** Where `auto` remembers its probe results, and for which machine. */
  probeCache?: ProbeCache;
  machineKey?: string;
  checkpointEvery?: number;
  onStart?: (info: {
    backend: string;
    reason: string;
    probe?: ProbeResult;
    compiled: CompiledGraph;
    trainCount: number;
    batchSize: number;
    epochs: number;
  }) => void;
  onBatch?: (m: BatchMetrics) => void;
  onEpoch?: (m: EpochMetrics) => void;
  shouldStop?: () => boolean;
  /** Sees the trained model (with its final weights) before it is disposed. */
  onFinished?: (model: LayersModel) => Promise<void>;
}

export type RunFolderSummary = RunSummary & {
  project: string;
  backendReason?: string;
  /** With `--backend auto`: each candidate's measured samples/s (or error), and whether it was cached. */
  backendProbe?: ProbeResult;
};

export interface TrainRunResult {
  summary: RunFolderSummary;
  runDir: string;
}

function failed(doc: GraphDocument, message: string, advice?: string): RunFolderSummary {
  const now = new Date().toISOString();
  return {
    status: 'failed',
    message,
    ...(advice ? { advice } : {}),
    project: doc.name,
    backend: tf.getBackend() ?? 'none',
    durationMs: 0,
    totalParams: 0,
    final: { loss: null, acc: null, val_loss: null, val_acc: null },
    epochs: 0,
    epochsPlanned: 0,
    seed: 0,
    batchSize: 0,
    samplesPerSec: 0,
    dataset: { name: '', train: 0, validation: 0, test: 0 },
    startedAt: now,
    finishedAt: now,
  };
}

/** meta.json of a CLI run: the folder's name stands for the run, as in the Runs panel. */
function cliMeta(doc: GraphDocument, runDir: string, sweep?: TrainRunOptions['sweep']): RunMeta {
  return {
    name: path.basename(path.resolve(runDir)),
    tags: [],
    note: '',
    projectName: doc.name,
    projectId: null,
    sweepId: sweep?.sweepId ?? null,
    ...(sweep ? { sweepVariant: sweep.variant } : {}),
    createdAt: new Date().toISOString(),
    runFormat: RUN_FORMAT_VERSION,
  };
}

/**
 * Trains `doc` into a run folder (the layout of docs/HOST.md, as the app writes it): meta.json and
 * graph.layerloom first (so even a crash leaves the graph), then graph-core's job driver through
 * the Node sink. User mistakes end as a `failed` summary, never as an exception.
 */
export async function trainToRunFolder(opts: TrainRunOptions): Promise<TrainRunResult> {
  const { doc, runDir } = opts;
  const requestedAt = Date.now(); // the summary's time to first batch and wall time count from here
  const sink = nodeRunSink(runDir);
  await fsp.mkdir(runDir, { recursive: true });
  await writeJsonAtomic(path.join(runDir, RUN_FILES.meta), cliMeta(doc, runDir, opts.sweep), {
    backup: false,
  });
  await writeFileAtomic(path.join(runDir, RUN_FILES.graph), runGraphText(doc), { backup: false });
  const finish = async (summary: RunFolderSummary): Promise<TrainRunResult> => {
    await sink.writeJson(RUN_FILES.summary, summary);
    return { summary, runDir };
  };

  const analysis = analyzeGraph(doc);
  const firstError = analysis.diagnostics.find((d) => d.severity === 'error');
  if (firstError)
    return finish(
      failed(doc, firstError.message, 'Run `layerloom validate` on the file to see every problem.'),
    );

  let compiled: CompiledGraph | null = null;
  try {
    const data = await loadDataForGraph(doc, opts.io);
    // Weights are created on the backend that is active at compile time: pick it first when named.
    const choice = opts.backend ?? 'cpu';
    const named = choice === 'auto' ? null : await chooseBackend(choice);
    if (!named) await chooseBackend('cpu');
    compiled = compileGraph(doc, {
      featureShape: data.featureShape,
      task: data.task,
      ...(opts.weights ? { weights: opts.weights } : {}),
    });
    const batchSize = Math.min(compiled.optimizerConfig.batchSize, data.train.count);
    const decision =
      named ??
      (await chooseBackend(
        'auto',
        { compiled, batchSize },
        {
          ...(opts.probeCache ? { cache: opts.probeCache } : {}),
          ...(opts.machineKey ? { machineKey: opts.machineKey } : {}),
        },
      ));
    opts.onStart?.({
      ...decision,
      compiled,
      trainCount: data.train.count,
      batchSize,
      epochs: compiled.optimizerConfig.epochs,
    });
    const extras = {
      project: doc.name,
      backendReason: decision.reason,
      ...(decision.probe ? { backendProbe: decision.probe } : {}),
    };
    const result = await runTrainingJob({
      compiled,
      data,
      sink,
      extras,
      checkpointEvery: opts.checkpointEvery ?? 1,
      requestedAt,
      ...(opts.onBatch ? { onBatch: opts.onBatch } : {}),
      ...(opts.onEpoch ? { onEpoch: opts.onEpoch } : {}),
      ...(opts.shouldStop ? { shouldStop: opts.shouldStop } : {}),
    });
    await opts.onFinished?.(compiled.model);
    if (result.summary.epochs === 0)
      await writeFileAtomic(path.join(runDir, RUN_FILES.metrics), '', { backup: false });
    return { summary: { ...result.summary, ...extras }, runDir };
  } catch (err) {
    if (
      err instanceof DataPipelineError ||
      err instanceof CompileError ||
      err instanceof AssetMissingError ||
      err instanceof BackendUnavailableError
    )
      return finish(failed(doc, err.message));
    const message = err instanceof Error ? err.message : String(err);
    return finish(
      failed(
        doc,
        `Training failed: ${message}`,
        'This looks like a bug in Layerloom or tfjs; the run folder keeps the graph to reproduce it.',
      ),
    );
  } finally {
    compiled?.model.dispose();
  }
}
