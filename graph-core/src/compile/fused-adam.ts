// Adam whose per-variable update is one kernel where the backend has it (wasm, see
// kernels/wasm-adam.ts) and tfjs's own ops elsewhere. It keeps tfjs's state layout (m and v
// variables, β powers, iterations), so checkpoints and getWeights/setWeights are unchanged.
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { ADAM_UPDATE_KERNEL, adamKernelFor, type AdamUpdateAttrs } from '../kernels/wasm-adam';

type Gradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

interface Slot {
  originalName: string;
  variable: Variable;
}

/** AdamOptimizer's private state, the same fields its own applyGradients uses. */
interface AdamState {
  accBeta1: Variable;
  accBeta2: Variable;
  accumulatedFirstMoment: Slot[];
  accumulatedSecondMoment: Slot[];
}

export class FusedAdamOptimizer extends tf.AdamOptimizer {
  /** tfjs registers optimizers by class name for serialization; keep Adam's. */
  static override get className(): string {
    return 'Adam';
  }

  override applyGradients(variableGradients: Gradients): void {
    const backend = tf.getBackend();
    if (tf.getKernel(ADAM_UPDATE_KERNEL, backend) === undefined || adamKernelFor(tf.backend()) === null) {
      super.applyGradients(variableGradients);
      return;
    }
    const state = this as unknown as AdamState;
    const list = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor] as const)
      : Object.entries(variableGradients);
    // The β powers live in scalar variables (saved with checkpoints); reading them is a heap read
    // on the CPU backends that register the fused kernel, not a GPU stall.
    const acc1 = state.accBeta1.dataSync()[0]!;
    const acc2 = state.accBeta2.dataSync()[0]!;
    const attrs: AdamUpdateAttrs = {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      correction1: Math.fround(1 - acc1),
      correction2: Math.fround(1 - acc2),
    };
    const engine = tf.engine();
    tf.tidy(() => {
      list.forEach(([name, gradient], i) => {
        const value = engine.registeredVariables[name]!;
        const m = (state.accumulatedFirstMoment[i] ??= slot(`${name}/m`, value)).variable;
        const v = (state.accumulatedSecondMoment[i] ??= slot(`${name}/v`, value)).variable;
        if (gradient == null) return;
        const [p1, m1, v1] = engine.runKernel(
          ADAM_UPDATE_KERNEL,
          { param: value, m, v, grad: gradient },
          attrs as unknown as tf.NamedAttrMap,
        ) as Tensor[];
        m.assign(m1!);
        v.assign(v1!);
        value.assign(p1!);
      });
      // Float32 products, as tfjs's own mul(accBeta, beta) computes them.
      state.accBeta1.assign(tf.scalar(Math.fround(acc1 * Math.fround(this.beta1))));
      state.accBeta2.assign(tf.scalar(Math.fround(acc2 * Math.fround(this.beta2))));
    });
    this.incrementIterations();
  }
}

function slot(originalName: string, value: Variable): Slot {
  return { originalName, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
}
