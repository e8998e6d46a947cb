import * as tfl from '@tensorflow/tfjs-layers';
import type { JsonValue } from '../document/types';
import { CompileError } from './types';

type Params = Record<string, JsonValue>;
type Regularizer = ReturnType<typeof tfl.regularizers.l1l2>;

function penalty(id: string, p: Params, name: string): number {
  const v = p[name];
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw new CompileError(`"${id}": ${name} must be a number ≥ 0 (0 turns it off).`, id, name);
  return v;
}

function l1l2(id: string, p: Params, of: 'kernel' | 'bias'): Regularizer | undefined {
  const l1 = penalty(id, p, `${of}L1`);
  const l2 = penalty(id, p, `${of}L2`);
  return l1 > 0 || l2 > 0 ? tfl.regularizers.l1l2({ l1, l2 }) : undefined;
}

/**
 * The node's kernelL1/kernelL2/biasL1/biasL2 as tfjs layer args. A layer keeps its regularisers in
 * its config, so a saved model.json carries them; training adds `model.calculateLosses()`.
 */
export function regularizerArgs(
  id: string,
  p: Params,
): { kernelRegularizer?: Regularizer; biasRegularizer?: Regularizer } {
  const kernel = l1l2(id, p, 'kernel');
  const bias = l1l2(id, p, 'bias');
  return { ...(kernel ? { kernelRegularizer: kernel } : {}), ...(bias ? { biasRegularizer: bias } : {}) };
}

/**
 * tfjs's SimpleRNN/LSTM/GRU keep their weights, and so their regularisers, in a cell whose losses
 * the layer never reports, so `model.calculateLosses()` (and tfjs's own fit) would drop them. The
 * layer reports its cell's penalties here, as Keras does.
 */
export function withCellPenalties(layer: tfl.layers.Layer): tfl.layers.Layer {
  const cell = (layer as unknown as { cell?: tfl.layers.Layer }).cell;
  if (cell) layer.calculateLosses = () => [...cell.calculateLosses()];
  return layer;
}
