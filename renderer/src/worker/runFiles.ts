/**
 * The run folder as training goes, through the host contract, in the CLI's layout: graph.layerloom
 * at creation, one metrics.jsonl line per epoch, summary.json (rewritten as the run goes and at the
 * end), model/ at the end and checkpoint/ + checkpoint.json every N epochs and at stop.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayersModel } from '@tensorflow/tfjs';
import type { HostApi, OpArgs, OpResult } from '../../../host/src/contract';
import type { EpochMetrics, OptimizerWeights, RunSummary } from '../../../graph-core/src/train';
import type { EvaluationReport } from '../../../graph-core/src/runs';

type Artifacts = OpArgs<'saveModelArtifacts'>['artifacts'];

/**
 * What a checkpoint adds to the model's own artifacts: the optimizer's state as weights in tfjs'
 * `optimizer` group (tf.loadLayersModel keeps them apart from the model's weights) and the epoch.
 */
export interface CheckpointExtras {
  optimizer: { data: ArrayBuffer; specs: tf.io.WeightsManifestEntry[] } | null;
  epoch: number;
  reason: string;
}

/** A tfjs IOHandler that saves into a run folder through `saveModelArtifacts`. */
export function runFolderHandler(
  host: HostApi,
  runId: string,
  folder: 'model' | 'checkpoint',
  extras?: CheckpointExtras,
): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer || !artifacts.modelTopology) {
        throw new Error('expected a layers model topology (JSON)');
      }
      const data = artifacts.weightData;
      const own = Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : (data ?? new ArrayBuffer(0));
      const opt = extras?.optimizer;
      const weightData = opt ? tf.io.concatenateArrayBuffers([own, opt.data]) : own;
      const specs = [
        ...(artifacts.weightSpecs ?? []),
        ...(opt?.specs ?? []).map((spec) => ({ ...spec, group: 'optimizer' })),
      ];
      const payload: Artifacts = {
        modelTopology: artifacts.modelTopology as Artifacts['modelTopology'],
        weightSpecs: specs as Artifacts['weightSpecs'],
        weightData,
        ...(extras && { userDefinedMetadata: { layerloom: { epoch: extras.epoch, reason: extras.reason } } }),
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: artifacts.convertedBy ?? null,
      };
      await host.saveModelArtifacts({ runId, folder, artifacts: payload });
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

export interface RunExtras {
  renderer: string;
  fallbackReason: string | null;
  /** How the backend was picked; on wasm also how many threads train (the CLI's field of that name). */
  backendReason: string;
  resumedFrom?: { runId: string; epoch: number };
}

export class RunWriter {
  constructor(
    private readonly host: HostApi,
    readonly runId: string,
  ) {}

  async epoch(m: EpochMetrics): Promise<void> {
    await this.host.appendMetrics({ runId: this.runId, records: [{ ...m }] });
  }

  async summary(summary: RunSummary | Record<string, unknown>, extras: RunExtras): Promise<void> {
    await this.host.writeRunFile({
      runId: this.runId,
      name: 'summary.json',
      content: JSON.stringify({ ...summary, ...extras }, null, 2) + '\n',
    });
  }

  async checkpoint(
    model: LayersModel,
    epoch: number,
    reason: string,
    optimizerWeights: OptimizerWeights | null,
  ): Promise<void> {
    const optimizer = optimizerWeights?.length ? await tf.io.encodeWeights(optimizerWeights) : null;
    await model.save(runFolderHandler(this.host, this.runId, 'checkpoint', { optimizer, epoch, reason }));
    await this.host.writeRunFile({
      runId: this.runId,
      name: 'checkpoint.json',
      content: JSON.stringify({ epoch, reason, savedAt: new Date().toISOString() }) + '\n',
    });
  }

  async evaluation(report: EvaluationReport): Promise<void> {
    await this.host.writeRunFile({
      runId: this.runId,
      name: 'evaluation.json',
      content: JSON.stringify(report) + '\n',
    });
  }

  async model(model: LayersModel): Promise<void> {
    await model.save(runFolderHandler(this.host, this.runId, 'model'));
  }
}

export interface RestoredCheckpoint {
  /** The epoch the checkpoint was taken after, when it says (checkpoints before this field do not). */
  epoch: number | null;
  /** The optimizer's state in saved order; empty for checkpoints without it. The caller disposes. */
  optimizerWeights: OptimizerWeights;
}

/**
 * Puts a saved model's weights (e.g. a checkpoint) into a freshly compiled model of the same graph
 * and hands back the optimizer state and epoch saved beside them.
 */
export function loadCheckpointInto(
  model: LayersModel,
  artifacts: OpResult<'loadRunModel'>,
): RestoredCheckpoint {
  const bytes = artifacts.weightData;
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const specs = artifacts.weightSpecs as tf.io.WeightsManifestEntry[];
  const named = tf.io.decodeWeights(buffer, specs);
  const missing = model.weights.filter((w) => !named[w.originalName]).map((w) => w.originalName);
  if (missing.length) {
    tf.dispose(Object.values(named));
    throw new Error(
      `the checkpoint lacks weights ${missing.slice(0, 3).join(', ')}: the graph changed since`,
    );
  }
  model.setWeights(model.weights.map((w) => named[w.originalName]!));
  const optimizerNames = new Set(specs.filter((s) => s.group === 'optimizer').map((s) => s.name));
  const optimizerWeights = specs
    .filter((s) => optimizerNames.has(s.name))
    .map((s) => ({ name: s.name, tensor: named[s.name]! }));
  tf.dispose(Object.entries(named).flatMap(([name, t]) => (optimizerNames.has(name) ? [] : [t])));
  const meta = (artifacts.userDefinedMetadata as { layerloom?: { epoch?: unknown } } | undefined)?.layerloom;
  const epoch = typeof meta?.epoch === 'number' && meta.epoch >= 0 ? meta.epoch : null;
  return { epoch, optimizerWeights };
}
