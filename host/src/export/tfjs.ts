import { compileGraph } from '../../../graph-core/src/compile';
import { MODEL_JSON, WEIGHTS_BIN, saveModelToDir } from '../cli/model-io';
import { setModelWeights } from './model-weights';
import type { ExportSource } from './source';

/**
 * The tfjs layers format (model.json + weights.bin) that `tf.loadLayersModel` loads: the graph
 * compiled again, the source's weights put into it by name, and saved by the same writer that
 * writes every run's model/ folder.
 */
export async function writeTfjsExport(source: ExportSource, outDir: string): Promise<string[]> {
  // source.weights already hold every weight, carried ones included: the document's reference to
  // its sidecar is dropped so the compiler does not look for carried weights again.
  const { weights: _sidecar, ...document } = source.document;
  const compiled = compileGraph(document, { featureShape: source.featureShape });
  try {
    setModelWeights(compiled.model, source.weights);
    await saveModelToDir(compiled.model, outDir);
    return [MODEL_JSON, WEIGHTS_BIN];
  } finally {
    compiled.model.dispose();
  }
}
