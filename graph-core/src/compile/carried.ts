import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { GraphDocument } from '../document/types';
import { weightsByNode, type NamedWeight } from '../weights/named';
import { CompileError } from './types';

const sameShape = (a: readonly (number | null)[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Starts the layers the document lists in `weights.nodes` from the carried weights (`<node id>/<weight>`)
 * instead of their fresh initialisation. Every weight of such a layer must be carried with the shape the
 * layer has now; otherwise the node is named with what differs, so the user can reset it instead of
 * training from a silent mix. Returns the ids of the layers that were set.
 */
export function applyCarriedWeights(
  model: LayersModel,
  doc: GraphDocument,
  weights: readonly NamedWeight[],
): string[] {
  const wanted = doc.weights?.nodes ?? [];
  if (wanted.length === 0) return [];
  const byNode = weightsByNode(weights);
  const applied: string[] = [];
  for (const id of wanted) {
    const node = doc.nodes.find((n) => n.id === id);
    if (!node) continue; // a deleted node; nothing to start
    const layer = model.layers.find((l) => l.name === id);
    const carried = byNode.get(id);
    const what = `${node.type} "${id}"`;
    const reset = 'reset its weights to start it fresh';
    if (!layer || layer.weights.length === 0) continue;
    if (!carried)
      throw new CompileError(
        `${what} is marked as imported but the weights file has none for it; ${reset}.`,
        id,
      );
    const values = layer.weights.map((variable) => {
      const key = variable.originalName.slice(id.length + 1);
      const w = carried.get(key);
      if (!w)
        throw new CompileError(
          `${what}: the imported weights have no "${key}" (they hold ${[...carried.keys()].join(', ')}); ${reset}.`,
          id,
        );
      if (!sameShape(variable.shape, w.shape))
        throw new CompileError(
          `${what}: imported ${key} has shape [${w.shape.join(', ')}] but the layer now needs [${variable.shape.join(', ')}]; ${reset}.`,
          id,
        );
      return tf.tensor(w.data, [...w.shape]);
    });
    layer.setWeights(values);
    tf.dispose(values);
    applied.push(id);
  }
  return applied;
}
