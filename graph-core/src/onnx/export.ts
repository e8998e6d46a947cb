import { analyzeGraph } from '../analysis/analyze';
import type { AnalysisContext } from '../analysis/types';
import { resolveParams } from '../catalogue/index';
import { modelPath } from '../compile/order';
import type { GraphDocument } from '../document/types';
import type { NamedWeight } from '../weights/named';
import { weightsByNode } from '../weights/named';
import { GraphBuilder, tensorInfo } from './builder';
import { Value } from './export-context';
import { UnsupportedExportError } from '../weights/unsupported';
import { emitLayer } from './export-layers';
import { encodeModel, type OnnxModel } from './proto';

/** Opset 13 and IR version 8: what Debian's onnx 1.12 checker and onnxruntime-web both accept. */
export const ONNX_OPSET = 13;
export const ONNX_IR_VERSION = 8;

export interface OnnxExportOptions {
  /** Shape of one sample when neither the Input nor a built-in dataset says (csv / image data). */
  featureShape?: readonly number[];
  /** For csv / image datasets: what the loaded data looks like, as analysis takes it. */
  analysisContext?: AnalysisContext;
  /**
   * A run's fitted Normalize statistics (`x' = (x - offset[g]) / scale[g]`, g = groupOf[position]).
   * When given they are folded in front of the model, so it takes raw samples; without them the
   * model takes samples as Layerloom feeds its Input, i.e. already normalised.
   */
  normalizer?: { offset: ArrayLike<number>; scale: ArrayLike<number>; groupOf: ArrayLike<number> };
}

function concrete(shape: readonly (number | null)[] | null | undefined): number[] | null {
  if (!shape) return null;
  const rest = shape.slice(1);
  return rest.every((d): d is number => typeof d === 'number') ? rest : null;
}

/**
 * The ONNX model of a graph with the given weights (as tfjs names them, `<node id>/<weight>`). It
 * takes the same input layout as the graph's Input (channels last, batch first) and gives the
 * same output. Throws UnsupportedExportError naming the node and field when the graph cannot be expressed.
 */
export function buildOnnxModel(
  doc: GraphDocument,
  weights: readonly NamedWeight[],
  options: OnnxExportOptions = {},
): OnnxModel {
  let source = doc;
  if (options.featureShape) {
    const shape = [...options.featureShape];
    source = {
      ...doc,
      nodes: doc.nodes.map((n) => (n.type === 'Input' ? { ...n, params: { ...n.params, shape } } : n)),
    };
  }
  const analysis = analyzeGraph(source, options.analysisContext);
  if (!analysis.valid) {
    const first = analysis.diagnostics.find((d) => d.severity === 'error');
    throw new UnsupportedExportError(
      'onnx',
      first?.nodeId ?? '',
      first?.field ?? null,
      `the graph has errors: ${first?.message ?? 'unknown error'}`,
      'fix them before exporting',
    );
  }
  let path;
  try {
    path = modelPath(source);
  } catch (err) {
    const e = err as { message: string; nodeId?: string | null; field?: string };
    throw new UnsupportedExportError('onnx', e.nodeId ?? '', e.field ?? null, e.message, 'fix the graph');
  }
  const inputShape = concrete(analysis.nodes[path.input.id]?.outputShape);
  if (!inputShape)
    throw new UnsupportedExportError(
      'onnx',
      path.input.id,
      'shape',
      `Input "${path.input.id}": its shape is unknown`,
      'set it on the Input or load the data first',
    );

  const b = new GraphBuilder();
  const byNode = weightsByNode(weights);
  const values = new Map<string, Value>();
  b.reserve(path.input.id);
  let x = path.input.id;
  if (options.normalizer) x = foldNormalizer(b, x, inputShape, options.normalizer);
  values.set(path.input.id, new Value(inputShape.length + 1, 'cl', x));

  for (const node of path.layers) {
    const ins = (path.inputsOf.get(node.id) ?? []).map((src) => values.get(src)!);
    const inShapes = (path.inputsOf.get(node.id) ?? []).map((src) =>
      concrete(analysis.nodes[src]?.outputShape),
    );
    const outShape = concrete(analysis.nodes[node.id]?.outputShape);
    if (!outShape || inShapes.some((s) => !s))
      throw new UnsupportedExportError(
        'onnx',
        node.id,
        null,
        `${node.type} "${node.id}": its output shape is not fully known`,
        'give the Input a fixed shape',
      );
    const mine = byNode.get(node.id);
    const emitted = emitLayer({
      b,
      id: node.id,
      type: node.type,
      p: resolveParams(node),
      ins,
      inShapes: inShapes as number[][],
      outShape,
      hasWeight: (key) => mine?.has(key) ?? false,
      weight: (key) => {
        const w = mine?.get(key);
        if (!w)
          throw new UnsupportedExportError(
            'onnx',
            node.id,
            key,
            `${node.type} "${node.id}": weight "${node.id}/${key}" is missing from the weights given`,
            'export a trained run, or weights made for this graph',
          );
        return w;
      },
    });
    values.set(node.id, new Value(outShape.length + 1, emitted.layout, emitted.name));
  }

  const outShape = concrete(analysis.nodes[path.output.id]?.outputShape)!;
  const result = values.get(path.output.id)!.in(b, 'cl', path.output.id);
  const outputName = b.op('Identity', [result], path.output.id, {}, b.unique(path.output.id));
  return {
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'Layerloom',
    producerVersion: '1',
    docString: `Exported from the Layerloom graph "${doc.name}". Input and output are channels last, batch first.`,
    graph: {
      name: doc.name || 'layerloom',
      node: b.nodes,
      initializer: b.initializers,
      input: [tensorInfo(path.input.id, ['N', ...inputShape])],
      output: [tensorInfo(outputName, ['N', ...outShape])],
    },
    metadataProps: [
      {
        key: 'layerloom.input',
        value: options.normalizer
          ? 'raw samples (Normalize folded in)'
          : 'samples as fed to the Input (after Normalize)',
      },
    ],
  };
}

/** exportOnnx: the bytes of model.onnx for a graph and its trained weights. */
export function exportOnnx(
  doc: GraphDocument,
  weights: readonly NamedWeight[],
  options: OnnxExportOptions = {},
): Uint8Array {
  return encodeModel(buildOnnxModel(doc, weights, options));
}

function foldNormalizer(
  b: GraphBuilder,
  x: string,
  shape: number[],
  n: NonNullable<OnnxExportOptions['normalizer']>,
): string {
  const size = shape.reduce((a, c) => a * c, 1);
  const offset = new Float32Array(size);
  const scale = new Float32Array(size);
  for (let j = 0; j < size; j++) {
    const g = n.groupOf[j] ?? 0;
    offset[j] = n.offset[g] ?? 0;
    scale[j] = n.scale[g] ?? 1;
  }
  const shifted = b.op('Sub', [x, b.floats('normalize/offset', shape, offset)], 'normalize');
  return b.op('Div', [shifted, b.floats('normalize/scale', shape, scale)], 'normalize');
}
