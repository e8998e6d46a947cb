// Routes tfjs-layers Dense and Conv2D layers through Layerloom's fused bias + activation kernels on
// wasm (kernels/wasm-fused-layers.ts) whenever they compute exactly what the layer would: a 2-D input
// for Dense; channels-last, no dilation, 'valid' or 'same' for Conv2D. A ReLU or softmax runs inside the
// kernel; any other activation is applied to its output, as tfjs's own unfused path does.
// Anything else, and every other backend, runs the layer's own call. The layer object, its weights
// and its saved config stay tfjs's own, so exports are unchanged.
import * as tf from '@tensorflow/tfjs';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
  FUSED_ACTIVATIONS,
  fusedConv2D,
  fusedDense,
  fusedLayersAvailable,
  type FusedActivation,
} from '../kernels/wasm-fused-layers';
import { routeCall, type LayerCall, type Named } from './fused-call';

export type FusedLayerKind = 'Dense' | 'Conv2D';

interface LayerInternals {
  activation: Named & { apply(x: tf.Tensor): tf.Tensor };
  kernel: { read(): tf.Tensor };
  bias: { read(): tf.Tensor } | null;
  call: LayerCall;
  invokeCallHook(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): void;
}
interface ConvInternals extends LayerInternals {
  rank: number;
  dataFormat: string;
  padding: string;
  strides: number[];
  dilationRate: number | number[];
}

let enabled = true;

/** Turns the fused path off (false) or on again; for measuring before/after. Returns the previous setting. */
export function setFusedLayers(on: boolean): boolean {
  const before = enabled;
  enabled = on;
  return before;
}

/** Why the fused path cannot run for this call, or null when it can. */
export function fusedLayerBlocker(kind: FusedLayerKind, layer: LayerInternals, x: tf.Tensor): string | null {
  if (!enabled) return 'turned off';
  if (!fusedLayersAvailable()) return `backend ${tf.getBackend()} is not wasm`;
  if (x.dtype !== 'float32') return `input dtype ${x.dtype}`;
  if (kind === 'Dense') return x.rank === 2 ? null : `input of rank ${x.rank}`;
  const conv = layer as ConvInternals;
  if (conv.rank !== 2 || x.rank !== 4) return 'not a 2-D convolution of a batch';
  if (conv.dataFormat !== 'channelsLast') return `data format ${conv.dataFormat}`;
  if (conv.padding !== 'valid' && conv.padding !== 'same') return `padding ${conv.padding}`;
  const dilations = typeof conv.dilationRate === 'number' ? [conv.dilationRate] : conv.dilationRate;
  if (dilations.some((d) => d !== 1)) return 'dilation';
  return null;
}

/** Makes `layer` (a tfjs Dense or Conv2D) take the fused path on wasm; returns the same layer. */
export function fuseBiasActivationOnWasm<L extends tfl.layers.Layer>(layer: L, kind: FusedLayerKind): L {
  const internals = layer as unknown as LayerInternals;
  routeCall(
    internals,
    (x) => fusedLayerBlocker(kind, internals, x),
    (x, inputs, kwargs) =>
      tf.tidy(() => {
        if (kind === 'Dense') internals.invokeCallHook(inputs, kwargs);
        // ReLU, softmax or none inside the kernel; any other activation (tanh, …) after it, as tfjs's
        // unfused path applies it.
        const name = internals.activation.getClassName();
        const inside = FUSED_ACTIVATIONS.includes(name);
        const activation = (inside ? name : 'linear') as FusedActivation;
        const bias = internals.bias === null ? null : internals.bias.read();
        const conv = internals as ConvInternals;
        const y =
          kind === 'Dense'
            ? fusedDense(x, internals.kernel.read(), bias, activation)
            : fusedConv2D(x, conv.kernel.read(), bias, {
                strides: [conv.strides[0]!, conv.strides[1] ?? conv.strides[0]!],
                pad: conv.padding as 'valid' | 'same',
                activation,
              });
        return inside ? y : internals.activation.apply(y);
      }),
  );
  return layer;
}
