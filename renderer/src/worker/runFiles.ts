/**
 * The app's adapter of graph-core's RunSink: the run folder written through the host contract
 * (appendMetrics, writeRunFile, saveModelArtifacts), and checkpoints read back for continuing.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayersModel } from '@tensorflow/tfjs';
import type { HostApi, OpArgs, OpResult } from '../../../host/src/contract';
import type { RunSink } from '../../../graph-core/src/train';
import type { OptimizerWeights } from '../../../graph-core/src/train';

type Artifacts = OpArgs<'saveModelArtifacts'>['artifacts'];
type MetricsRecord = OpArgs<'appendMetrics'>['records'][number];

/** Writes run `runId` of the workspace through the HostApi. */
export function hostRunSink(host: HostApi, runId: string): RunSink {
  return {
    appendMetrics: async (line) => {
      await host.appendMetrics({ runId, records: [line as MetricsRecord] });
    },
    writeJson: async (name, value) => {
      await host.writeRunFile({ runId, name, content: JSON.stringify(value, null, 2) + '\n' });
    },
    writeModel: async (folder, files) => {
      const artifacts: Artifacts = {
        modelTopology: files.modelTopology as Artifacts['modelTopology'],
        weightSpecs: files.weightSpecs as Artifacts['weightSpecs'],
        weightData: files.weightData,
        ...(files.userDefinedMetadata && {
          userDefinedMetadata: files.userDefinedMetadata as Artifacts['userDefinedMetadata'],
        }),
        format: files.format,
        generatedBy: files.generatedBy,
        convertedBy: files.convertedBy,
      };
      await host.saveModelArtifacts({ runId, folder, artifacts });
    },
  };
}

/** How the worker picked its backend: added to every summary.json of the run. */
export interface RunExtras {
  renderer: string;
  fallbackReason: string | null;
  /** How the backend was picked; on wasm also how many threads train (the CLI's field of that name). */
  backendReason: string;
  resumedFrom?: { runId: string; epoch: number };
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
