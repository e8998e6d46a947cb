// wasm's _FusedMatMul adds the bias wrongly when the batch axis is above 1 (it indexes the bias
// by output row, not column), which a Dense layer on a sequence would hit. A batch of products
// sharing one weight matrix is folded into a single product; true batched weights run unfused.
import type {
  KernelBackend,
  KernelConfig,
  KernelFunc,
  NamedAttrMap,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs';
import { disposeInfos, reshapeInfo, runWasmKernel, type KernelArgs } from './wasm-kernel-calls';

function activate(
  backend: KernelBackend,
  x: TensorInfo,
  attrs: NamedAttrMap,
  inputs: NamedTensorInfoMap,
): TensorInfo {
  const activation = (attrs['activation'] as string | undefined) ?? 'linear';
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      return runWasmKernel(backend, 'Relu', { x });
    case 'relu6':
      return runWasmKernel(backend, 'Relu6', { x });
    case 'elu':
      return runWasmKernel(backend, 'Elu', { x });
    case 'sigmoid':
      return runWasmKernel(backend, 'Sigmoid', { x });
    case 'leakyrelu':
      return runWasmKernel(
        backend,
        'LeakyRelu',
        { x },
        { alpha: (attrs['leakyreluAlpha'] as number | undefined) ?? 0.2 },
      );
    case 'prelu':
      return runWasmKernel(backend, 'Prelu', { x, alpha: inputs['preluActivationWeights']! });
    default:
      throw new Error(`unknown fused activation '${activation}'`);
  }
}

/** Expects untransposed operands (see withoutTransposes, which runs first). */
export function withBatchedBias(original: KernelConfig): KernelFunc {
  const run = original.kernelFunc;
  return (({ inputs, backend, attrs = {} }: KernelArgs) => {
    const { a, b, bias } = inputs;
    if (a === undefined || b === undefined) throw new Error('_FusedMatMul needs a and b');
    const batch = a.shape.length > 2 ? a.shape.slice(0, -2).reduce((p, d) => p * d, 1) : 1;
    if (bias === undefined || batch === 1) return run({ inputs, backend, attrs });
    const [m, k] = a.shape.slice(-2) as [number, number];
    const n = b.shape[b.shape.length - 1]!;
    const bBatch = b.shape.length > 2 ? b.shape.slice(0, -2).reduce((p, d) => p * d, 1) : 1;
    if (bBatch === 1) {
      const folded = reshapeInfo(backend, a, [1, batch * m, k]);
      const out = run({ inputs: { ...inputs, a: folded }, backend, attrs }) as TensorInfo;
      const shaped = reshapeInfo(backend, out, [batch, m, n]);
      disposeInfos(backend, folded, out);
      return shaped;
    }
    const product = runWasmKernel(backend, 'BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
    const biased = runWasmKernel(backend, 'Add', { a: product, b: bias });
    const out = activate(backend, biased, attrs, inputs);
    disposeInfos(backend, product);
    if (out !== biased) disposeInfos(backend, biased);
    return out;
  }) as unknown as KernelFunc;
}
