import { CLASSIFICATION_LOSSES, LOSSES, resolveParams, type LossId } from '../../catalogue/index';
import { labelEncodingFor } from '../../compile/label-encoding';
import { readOptimizerConfig } from '../../compile/optimizer-config';
import { serializeProject } from '../../document/serialize';
import { buildDataFiles } from './data-files';
import { DATA_PY } from './data-py';
import { LOSSES_PY } from './losses-py';
import { planModel } from './model-py';
import { encodeNpz } from './npy';
import { readme } from './readme';
import { TRAIN_PY } from './train-py';
import { PytorchExportError, type ExportFile, type PytorchExportInput } from './types';

export { encodeNpy, encodeNpz, type NpyArray } from './npy';
export * from './types';

/** Throws CompileError (node + field) for a bad Optimizer, as training would. */
const optimizerConfig = readOptimizerConfig;

/**
 * The PyTorch project for a graph, its weights and the data its run used: model.py, weights.npz,
 * data.py + data.npz, losses.py, train.py, config.json, graph.layerloom, README.md. Pure: the
 * caller writes the files. Throws PytorchExportError naming the node for what torch cannot express.
 */
export function buildPytorchProject(input: PytorchExportInput): ExportFile[] {
  const { document: doc, data } = input;
  const plan = planModel(doc, input.weights, data.featureShape);
  const lossParams = resolveParams(plan.path.loss);
  const lossId = lossParams['loss'] as LossId;
  if (!(LOSSES as readonly string[]).includes(lossId))
    throw new PytorchExportError(
      `Loss "${plan.path.loss.id}": unknown loss ${JSON.stringify(lossId)}`,
      `pick one of ${LOSSES.join(', ')}`,
      plan.path.loss.id,
      'loss',
    );
  const outputUnits = plan.outputShape[plan.outputShape.length - 1] ?? 1;
  const dataFiles = buildDataFiles(doc, data);
  const config = {
    format: 'layerloom-pytorch',
    version: 1,
    project: doc.name,
    model: { inputShape: data.featureShape, outputShape: plan.outputShape },
    training: {
      loss: lossId,
      delta: typeof lossParams['delta'] === 'number' ? lossParams['delta'] : 1,
      labelEncoding: labelEncodingFor(lossId, data.task, outputUnits),
      outputUnits,
      classification: data.task === 'classification',
      classificationLoss: CLASSIFICATION_LOSSES.includes(lossId),
      optimizer: optimizerConfig(plan.path.optimizer.id, resolveParams(plan.path.optimizer)),
      /** Kernel/bias L1/L2 penalties: train.py adds l1·sum|w| + l2·sum(w²) of each to the loss. */
      regularizers: plan.penalties,
    },
    data: dataFiles.config,
  };
  return [
    { path: 'model.py', contents: plan.source },
    { path: 'weights.npz', contents: encodeNpz(plan.state) },
    { path: 'data.py', contents: DATA_PY },
    { path: 'data.npz', contents: dataFiles.npz },
    { path: 'losses.py', contents: LOSSES_PY },
    { path: 'train.py', contents: TRAIN_PY },
    { path: 'config.json', contents: JSON.stringify(config, null, 2) + '\n' },
    { path: 'graph.layerloom', contents: serializeProject(doc) },
    { path: 'requirements.txt', contents: 'torch>=1.13\nnumpy\n' },
    { path: 'README.md', contents: readme(doc, plan.rows, plan.notes, dataFiles.config, input.runSummary) },
  ];
}
