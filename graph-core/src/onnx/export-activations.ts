import type { ActivationId } from '../catalogue/identifiers';
import type { GraphBuilder } from './builder';

/**
 * Applies a tfjs activation to value `x` with ONNX ops (opset 13) and returns the result's name.
 * `channelsFirst`: x is laid out channels first, so softmax's "last axis" is axis 1.
 * Formulas follow tfjs-layers 4.22 (hardSigmoid = clip(0.2x + 0.5), gelu with erf, gelu_new with tanh).
 */
export function activate(
  b: GraphBuilder,
  x: string,
  activation: ActivationId,
  base: string,
  channelsFirst = false,
): string {
  const op = (type: string, inputs: string[], attrs = {}, floats: string[] = []) =>
    b.op(type, inputs, base, attrs, undefined, floats);
  const axis = channelsFirst ? 1 : -1;
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      return op('Relu', [x]);
    case 'relu6':
      return op('Clip', [x, b.scalar(`${base}/min`, 0), b.scalar(`${base}/max`, 6)]);
    case 'elu':
      return op('Elu', [x], { alpha: 1 }, ['alpha']);
    case 'selu':
      return op('Selu', [x]);
    case 'softplus':
      return op('Softplus', [x]);
    case 'softsign':
      return op('Softsign', [x]);
    case 'sigmoid':
      return op('Sigmoid', [x]);
    case 'hardSigmoid':
      return op('HardSigmoid', [x], { alpha: 0.2, beta: 0.5 }, ['alpha', 'beta']);
    case 'tanh':
      return op('Tanh', [x]);
    case 'softmax':
      return op('Softmax', [x], { axis });
    case 'logSoftmax':
      return op('LogSoftmax', [x], { axis });
    case 'swish':
      return op('Mul', [op('Sigmoid', [x]), x]);
    case 'mish':
      return op('Mul', [x, op('Tanh', [op('Softplus', [x])])]);
    case 'gelu': {
      const erf = op('Erf', [op('Div', [x, b.scalar(`${base}/sqrt2`, Math.SQRT2)])]);
      const cdf = op('Mul', [op('Add', [erf, b.scalar(`${base}/one`, 1)]), b.scalar(`${base}/half`, 0.5)]);
      return op('Mul', [x, cdf]);
    }
    case 'gelu_new': {
      const cube = op('Mul', [x, op('Mul', [x, x])]);
      const inner = op('Add', [x, op('Mul', [cube, b.scalar(`${base}/c`, 0.044715)])]);
      const t = op('Tanh', [op('Mul', [inner, b.scalar(`${base}/k`, Math.sqrt(2 / Math.PI))])]);
      const half = op('Mul', [x, b.scalar(`${base}/half`, 0.5)]);
      return op('Mul', [half, op('Add', [t, b.scalar(`${base}/one`, 1)])]);
    }
    default: {
      const never: never = activation;
      throw new Error(`activate: unhandled activation ${String(never)}`);
    }
  }
}

/** ONNX RNN activation names (with alpha/beta) for the tfjs activations the RNN ops can apply. */
export const RNN_ACTIVATIONS: Partial<Record<ActivationId, { name: string; alpha?: number; beta?: number }>> =
  {
    linear: { name: 'Affine', alpha: 1, beta: 0 },
    relu: { name: 'Relu' },
    tanh: { name: 'Tanh' },
    sigmoid: { name: 'Sigmoid' },
    hardSigmoid: { name: 'HardSigmoid', alpha: 0.2, beta: 0.5 },
    softsign: { name: 'Softsign' },
    softplus: { name: 'Softplus' },
    elu: { name: 'Elu', alpha: 1 },
  };
