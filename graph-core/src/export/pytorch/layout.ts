import type { ActivationId } from '../../catalogue/identifiers';
import { PytorchExportError, type Layout } from './types';

/** The expression that puts `v` back in Keras layout (channels last). */
export function toChannelsLast(v: string, l: Layout): string {
  if (!l.channelsFirst) return v;
  return l.shape.length === 3 ? `${v}.permute(0, 2, 3, 1)` : `${v}.permute(0, 2, 1)`;
}

/** The expression that puts `v` channels first, as torch's Conv/Pool/BatchNorm layers want it. */
export function toChannelsFirst(v: string, l: Layout): string {
  if (l.channelsFirst) return v;
  return l.shape.length === 3 ? `${v}.permute(0, 3, 1, 2)` : `${v}.permute(0, 2, 1)`;
}

/** Keras axis (batch = 0, negative from the end) → the torch dim of a tensor in layout `l`. */
export function torchDim(axis: number, l: Layout, nodeId: string, field: string): number {
  const rank = l.shape.length + 1;
  const a = axis < 0 ? axis + rank : axis;
  if (a < 1 || a >= rank)
    throw new PytorchExportError(
      `"${nodeId}": ${field} ${axis} is outside a tensor of rank ${rank}`,
      `pick an axis from 1 to ${rank - 1} (or -1)`,
      nodeId,
      field,
    );
  if (!l.channelsFirst) return a;
  return a === rank - 1 ? 1 : a + 1;
}

/** Python for an activation applied to `v`; `dim` is the torch dim of Keras's last axis. */
export function activationExpr(id: ActivationId, v: string, dim: number): { expr: string; helper?: string } {
  switch (id) {
    case 'linear':
      return { expr: v };
    case 'relu':
      return { expr: `torch.relu(${v})` };
    case 'relu6':
      return { expr: `F.relu6(${v})` };
    case 'elu':
      return { expr: `F.elu(${v})` };
    case 'selu':
      return { expr: `torch.selu(${v})` };
    case 'softplus':
      return { expr: `F.softplus(${v})` };
    case 'softsign':
      return { expr: `F.softsign(${v})` };
    case 'sigmoid':
      return { expr: `torch.sigmoid(${v})` };
    case 'hardSigmoid':
      return { expr: `hard_sigmoid(${v})`, helper: 'hard_sigmoid' };
    case 'tanh':
      return { expr: `torch.tanh(${v})` };
    case 'softmax':
      return { expr: `torch.softmax(${v}, dim=${dim})` };
    case 'logSoftmax':
      return { expr: `torch.log_softmax(${v}, dim=${dim})` };
    case 'swish':
      return { expr: `F.silu(${v})` };
    case 'mish':
      return { expr: `F.mish(${v})` };
    case 'gelu':
      return { expr: `F.gelu(${v})` };
    case 'gelu_new':
      return { expr: `F.gelu(${v}, approximate="tanh")` };
    default: {
      const never: never = id;
      throw new Error(`unhandled activation ${String(never)}`);
    }
  }
}

/** Torch dim of Keras's last axis for a tensor in layout `l`. */
export const lastDim = (l: Layout): number => (l.channelsFirst ? 1 : -1);

/**
 * TensorFlow's `same` padding: total = max((ceil(in / s) - 1) * s + k - in, 0), the smaller half
 * before, the larger after (so even kernels and strides pad one more at the end).
 */
export function samePadding(size: number, kernel: number, stride: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}
