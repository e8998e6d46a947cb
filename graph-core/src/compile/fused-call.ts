// How a compiled tfjs layer is routed to a fused wasm kernel: its call is replaced by one that runs
// the fused computation when the layer's own checks allow it, and the layer's own call otherwise.
// Used by fused-layers.ts (Dense, Conv2D) and fused-recurrent.ts (LSTM, GRU).
import type * as tf from '@tensorflow/tfjs';

export interface Named {
  getClassName(): string;
}

export type LayerCall = (
  inputs: tf.Tensor | tf.Tensor[],
  kwargs: Record<string, unknown>,
) => tf.Tensor | tf.Tensor[];

/**
 * Replaces `layer.call`: a call on one input tensor that `blocker` passes (null) runs `fused`; a call
 * on several inputs, or one `blocker` names a reason for, runs the layer's own call.
 */
export function routeCall(
  layer: { call: LayerCall },
  blocker: (x: tf.Tensor, kwargs: Record<string, unknown> | undefined) => string | null,
  fused: (x: tf.Tensor, inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) => tf.Tensor,
): void {
  const ownCall = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (x === undefined || (Array.isArray(inputs) && inputs.length !== 1)) return ownCall(inputs, kwargs);
    if (blocker(x, kwargs) !== null) return ownCall(inputs, kwargs);
    return fused(x, inputs, kwargs);
  };
}
