// The fused LSTM/GRU sequence as one differentiable tfjs op on the wasm backend: the forward pass
// is one engine call (a customGrad) and its gradient another, instead of tfjs-layers' ~20 kernels
// per time step each way. The work happens in wasm-lstm.ts / wasm-gru.ts on the heap.
import * as tf from '@tensorflow/tfjs';
import type { GradSaveFunc, KernelBackend, Tensor, TensorInfo } from '@tensorflow/tfjs';
import { gruBackward, gruForward, type GruForward } from './wasm-gru';
import { lstmBackward, lstmForward, type LstmForward } from './wasm-lstm';
import {
  GATE_ACTIVATIONS,
  type GateActivation,
  type RecurrentAttrs,
  type RecurrentGrads,
} from './wasm-recurrent-common';

export type FusedRecurrentKind = 'LSTM' | 'GRU';
export { GATE_ACTIVATIONS, type GateActivation, type RecurrentAttrs };

/** Whether the fused op can run now: the active backend is wasm with the matmul it calls. */
export function fusedRecurrentAvailable(): boolean {
  return tf.getBackend() === 'wasm' && tf.getKernel('BatchMatMul', 'wasm') !== undefined;
}

const gatesPerUnit = (kind: FusedRecurrentKind): number => (kind === 'LSTM' ? 4 : 3);

/** A fused sequence's two passes; `saved` is what its forward pass returned for the backward one. */
interface SequencePasses {
  forward(
    backend: KernelBackend,
    x: TensorInfo,
    kernel: TensorInfo,
    recurrent: TensorInfo,
    bias: TensorInfo | null,
    attrs: RecurrentAttrs,
  ): { output: TensorInfo; saved: TensorInfo[] };
  backward(
    backend: KernelBackend,
    dy: TensorInfo,
    x: TensorInfo,
    kernel: TensorInfo,
    recurrent: TensorInfo,
    hasBias: boolean,
    saved: TensorInfo[],
    attrs: RecurrentAttrs,
  ): RecurrentGrads;
}

const PASSES: Record<FusedRecurrentKind, SequencePasses> = {
  LSTM: {
    forward: lstmForward,
    backward: (backend, dy, x, k, r, hasBias, saved, attrs) =>
      lstmBackward(backend, dy, x, k, r, hasBias, saved as LstmForward['saved'], attrs),
  },
  GRU: {
    forward: gruForward,
    backward: (backend, dy, x, k, r, hasBias, saved, attrs) =>
      gruBackward(backend, dy, x, k, r, hasBias, saved as GruForward['saved'], attrs),
  },
};

function checkShapes(
  kind: FusedRecurrentKind,
  x: Tensor,
  kernel: Tensor,
  recurrent: Tensor,
  bias: Tensor | null,
  units: number,
): void {
  const G = gatesPerUnit(kind) * units;
  const ok =
    x.rank === 3 &&
    x.dtype === 'float32' &&
    kernel.shape.join() === `${x.shape[2]},${G}` &&
    recurrent.shape.join() === `${units},${G}` &&
    (bias === null || bias.shape.join() === `${G}`);
  if (!ok) {
    throw new Error(
      `fused ${kind}: expected x [batch, steps, features], kernel [features, ${G}], recurrent kernel [${units}, ${G}]` +
        `, bias [${G}]; got ${[x, kernel, recurrent, bias].map((t) => (t === null ? 'none' : `[${t.shape.join(', ')}]`)).join(', ')}`,
    );
  }
}

/**
 * The layer's output for a zero initial state: [batch, units], or [batch, steps, units] with
 * `returnSequences`. Differentiable with respect to x, both kernels and the bias.
 */
export function fusedRecurrent(
  kind: FusedRecurrentKind,
  x: Tensor,
  kernel: Tensor,
  recurrent: Tensor,
  bias: Tensor | null,
  attrs: RecurrentAttrs,
): Tensor {
  checkShapes(kind, x, kernel, recurrent, bias, attrs.units);
  const engine = tf.engine();
  const asTensor = (info: TensorInfo): Tensor => engine.makeTensorFromTensorInfo(info);
  const inputs = bias === null ? [x, kernel, recurrent] : [x, kernel, recurrent, bias];
  const op = tf.customGrad((...args: (Tensor | GradSaveFunc)[]) => {
    const save = args[args.length - 1] as GradSaveFunc;
    const backend = tf.backend();
    const passes = PASSES[kind];
    const { output, saved } = passes.forward(backend, x, kernel, recurrent, bias, attrs);
    // Saved tensors outlive the forward pass's scope; x and the weights are saved as well, since
    // the engine frees forward intermediates (x among them) before it runs the gradient.
    save([x, kernel, recurrent, ...saved.map(asTensor)]);
    return {
      value: asTensor(output),
      gradFunc: (dy: Tensor, kept: Tensor[]) => {
        const [sx, sk, sr, ...rest] = kept as [Tensor, Tensor, Tensor, ...Tensor[]];
        const grads = passes.backward(tf.backend(), dy, sx, sk, sr, bias !== null, rest, attrs);
        const out = [grads.dx, grads.dKernel, grads.dRecurrent].map(asTensor);
        if (grads.dBias !== null) out.push(asTensor(grads.dBias));
        return out;
      },
    };
  });
  return (op as (...t: Tensor[]) => Tensor)(...inputs);
}
