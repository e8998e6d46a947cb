import type { GraphNode, JsonValue } from '../../document/types';
import { PytorchExportError, type EmittedNode } from './types';

/** One L1/L2 penalty train.py adds to the loss: on `model.get_parameter(weight)`. */
export interface Penalty {
  node: string;
  field: string;
  weight: string;
  l1: number;
  l2: number;
}

const amount = (p: Record<string, JsonValue>, name: string): number => {
  const v = p[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
};

/**
 * The node's kernelL1/L2 and biasL1/L2 as penalties on its torch parameters. The sums of |w| and w²
 * do not depend on the layout, so torch's transposed kernels carry them unchanged. A penalty on a
 * weight torch has no single parameter for is refused, naming the node and field.
 */
export function nodePenalties(
  node: GraphNode,
  p: Record<string, JsonValue>,
  name: string,
  e: EmittedNode,
): Penalty[] {
  const out: Penalty[] = [];
  for (const of of ['kernel', 'bias'] as const) {
    const l1 = amount(p, `${of}L1`);
    const l2 = amount(p, `${of}L2`);
    if (l1 === 0 && l2 === 0) continue;
    // tfjs ignores a bias penalty on a layer without bias, and so does the export.
    if (of === 'bias' && p['useBias'] === false) continue;
    const field = `${of}${l1 !== 0 ? 'L1' : 'L2'}`;
    const target = e.penalised?.[of];
    if (!target)
      throw new PytorchExportError(
        `${node.type} "${node.id}": ${field} has no single PyTorch parameter to penalise` +
          (of === 'bias' ? ' (torch splits the bias into bias_ih and bias_hh)' : ''),
        `set ${of}L1 and ${of}L2 to 0, or export tfjs`,
        node.id,
        field,
      );
    out.push({ node: node.id, field: of, weight: `${name}.${target}`, l1, l2 });
  }
  return out;
}
