import type { HostApi } from '../../../host/src/contract';
import type { OutFile } from './saveFiles';

type Artifacts = Awaited<ReturnType<HostApi['loadRunModel']>>;

/** A run's model as the two files `tf.loadLayersModel` reads: `model.json` and `weights.bin`. */
export function modelFiles(artifacts: Artifacts, folder = ''): OutFile[] {
  const { modelTopology, weightSpecs, weightData, ...rest } = artifacts;
  const modelJson = {
    format: rest.format ?? 'layers-model',
    generatedBy: rest.generatedBy ?? 'Layerloom',
    convertedBy: rest.convertedBy ?? null,
    modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: weightSpecs }],
    ...(rest.trainingConfig && { trainingConfig: rest.trainingConfig }),
    ...(rest.userDefinedMetadata && { userDefinedMetadata: rest.userDefinedMetadata }),
  };
  const prefix = folder ? `${folder}/` : '';
  return [
    { name: `${prefix}model.json`, content: JSON.stringify(modelJson) },
    { name: `${prefix}weights.bin`, content: weightData },
  ];
}
