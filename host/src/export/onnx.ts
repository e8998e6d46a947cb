import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { exportOnnx } from '../../../graph-core/src/onnx';
import type { ExportSource } from './source';

export const MODEL_ONNX = 'model.onnx';

/**
 * model.onnx (opset 13, IR 8): the same input layout the graph's Input takes (channels last, after
 * Normalize, whose statistics a run does not keep) and the same outputs, with the source's weights.
 */
export async function writeOnnxExport(source: ExportSource, outDir: string): Promise<string[]> {
  const bytes = exportOnnx(source.document, source.weights, { featureShape: source.featureShape });
  await fsp.writeFile(path.join(outDir, MODEL_ONNX), bytes);
  return [MODEL_ONNX];
}
