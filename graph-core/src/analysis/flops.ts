import { LAYER_FLOPS, resolveParams, type FlopsKind } from '../catalogue/index';
import type { GraphDocument } from '../document/types';
import { buildIndex } from './graph-index';
import type { GraphAnalysis } from './types';

export interface FlopsEstimate {
  /** Forward FLOPs of one sample through the model (Input … last layer). */
  total: number;
  perNode: Record<string, number>;
}

/**
 * Forward FLOPs per sample of the analysed model, summed over its layers with the catalogue's count
 * per kind (LAYER_FLOPS). Null when a model layer's shape is unknown (the graph has errors).
 */
export function forwardFlops(doc: GraphDocument, analysis: GraphAnalysis): FlopsEstimate | null {
  if (analysis.modelOrder.length === 0) return null;
  const index = buildIndex(doc);
  const perNode: Record<string, number> = {};
  let total = 0;
  for (const id of analysis.modelOrder) {
    const node = index.byId.get(id);
    const output = analysis.nodes[id]?.outputShape;
    if (!node || !output || !(node.type in LAYER_FLOPS)) return null;
    const inputs = (index.incoming.get(id) ?? []).map((e) => analysis.nodes[e.source]?.outputShape ?? null);
    if (inputs.some((s) => s === null)) return null;
    const flops = LAYER_FLOPS[node.type as FlopsKind]({
      params: resolveParams(node),
      inputs: inputs as NonNullable<(typeof inputs)[number]>[],
      output,
    });
    perNode[id] = flops;
    total += flops;
  }
  return { total, perNode };
}
