// Routes a tfjs-layers LSTM/GRU layer through the fused wasm sequence op (kernels/wasm-recurrent.ts)
// whenever it can compute exactly what the layer would; otherwise the layer's own call runs. The
// layer object, its weights and its saved config stay tfjs's own (an exported model has a plain
// LSTM/GRU), so only the speed of training and inference on wasm changes.
import * as tf from '@tensorflow/tfjs';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
  fusedRecurrent,
  fusedRecurrentAvailable,
  GATE_ACTIVATIONS,
  type FusedRecurrentKind,
  type GateActivation,
} from '../kernels/wasm-recurrent';
import { routeCall, type LayerCall, type Named } from './fused-call';
interface CellInternals {
  units: number;
  activation: Named;
  recurrentActivation: Named;
  dropout: number;
  recurrentDropout: number;
  useBias: boolean;
  kernel: { read(): tf.Tensor };
  recurrentKernel: { read(): tf.Tensor };
  bias: { read(): tf.Tensor } | null;
}
interface RecurrentInternals {
  cell: CellInternals;
  returnSequences: boolean;
  returnState: boolean;
  goBackwards: boolean;
  stateful: boolean;
  call: LayerCall;
}

let enabled = true;

/** Turns the fused path off (true) or on again; for measuring before/after. Returns the previous setting. */
export function setFusedRecurrent(on: boolean): boolean {
  const before = enabled;
  enabled = on;
  return before;
}

/** Why the fused path cannot run for this call, or null when it can. */
export function fusedRecurrentBlocker(
  layer: RecurrentInternals,
  x: tf.Tensor,
  kwargs: Record<string, unknown> | undefined,
): string | null {
  const cell = layer.cell;
  if (!enabled) return 'turned off';
  if (!fusedRecurrentAvailable()) return `backend ${tf.getBackend()} is not wasm`;
  if (kwargs?.['mask'] != null) return 'masking';
  if (kwargs?.['initialState'] != null || layer.stateful) return 'initial or carried state';
  if (layer.returnState) return 'returnState';
  if (cell.dropout > 0 || cell.recurrentDropout > 0) return 'dropout inside the cell';
  if (cell.activation.getClassName() !== 'tanh') return `activation ${cell.activation.getClassName()}`;
  if (!GATE_ACTIVATIONS.includes(cell.recurrentActivation.getClassName())) {
    return `recurrent activation ${cell.recurrentActivation.getClassName()}`;
  }
  if (x.rank !== 3 || x.dtype !== 'float32' || x.shape[1] === 0)
    return 'input is not [batch, steps>0, features] float32';
  return null;
}

/** Makes `layer` (a tfjs LSTM or GRU) take the fused path on wasm; returns the same layer. */
export function fuseRecurrentOnWasm<L extends tfl.layers.Layer>(layer: L, kind: FusedRecurrentKind): L {
  const internals = layer as unknown as RecurrentInternals;
  routeCall(
    internals,
    (x, kwargs) => fusedRecurrentBlocker(internals, x, kwargs),
    (x) =>
      tf.tidy(() => {
        const cell = internals.cell;
        return fusedRecurrent(
          kind,
          // Like tfjs's rnn(): going backwards reads the steps in reverse, and the output sequence
          // stays in the order the steps were processed.
          internals.goBackwards ? tf.reverse(x, 1) : x,
          cell.kernel.read(),
          cell.recurrentKernel.read(),
          cell.useBias && cell.bias ? cell.bias.read() : null,
          {
            units: cell.units,
            recurrentActivation: cell.recurrentActivation.getClassName() as GateActivation,
            returnSequences: internals.returnSequences,
          },
        );
      }),
  );
  return layer;
}
