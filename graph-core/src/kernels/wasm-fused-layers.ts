// Dense and Conv2D layers with their bias and a ReLU, a softmax or no activation as one wasm kernel
// forward and few backward. While training, tfjs's fused matMul/conv2d ops unfuse a ReLU under a
// gradient tape, so a layer ran MatMul/Conv2D + Add + Relu forward (each output saved for backward)
// and Step, Cast, Multiply, Sum and Reshapes backward (a softmax head: Softmax, then Multiply, Sum,
// Sub, Multiply and the bias Sum). Here the forward is wasm's own _FusedMatMul / FusedConv2D
// (XNNPACK adds the bias and clamps at 0 while it writes the output; a softmax runs over the output
// after it), and the backward is one pass for the activation's and the bias's gradients, then the
// two usual products.
import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import type {
  GradConfig,
  KernelBackend,
  KernelConfig,
  KernelFunc,
  NamedAttrMap,
  Tensor,
  TensorInfo,
} from '@tensorflow/tfjs';
import { disposeInfos, reshapeInfo, type KernelArgs, type WasmHeapAccess } from './wasm-kernel-calls';
import { simdKernelsOf } from './wasm-simd-kernels';

/** x [batch, in] · kernel [in, units] + bias, then the activation. */
export const FUSED_DENSE_KERNEL = 'LayerloomDense';
/** conv2d(x NHWC, filter) + bias, then the activation (no dilation). */
export const FUSED_CONV2D_KERNEL = 'LayerloomConv2D';
/** [g, db] from dy and a ReLU's output y: g = dy where y > 0, db = g summed over all but the last axis. */
export const RELU_BIAS_GRAD_KERNEL = 'LayerloomReluBiasGrad';
/** [g, db] from dy and a softmax's output y (over the last axis): g = y·(dy − Σ dy·y), db as above. */
export const SOFTMAX_BIAS_GRAD_KERNEL = 'LayerloomSoftmaxBiasGrad';

export type FusedActivation = 'relu' | 'linear' | 'softmax';
export const FUSED_ACTIVATIONS: readonly string[] = ['relu', 'linear', 'softmax'];

/** What XNNPACK applies itself; softmax (over the last axis) is applied here after it. */
const xnnpackActivation = (activation: unknown) => (activation === 'relu' ? 'relu' : 'linear');

/** Softmax over the last axis of a [rows, n] heap buffer, in place (max subtracted, as tfjs's). */
function softmaxInPlace(backend: KernelBackend, info: TensorInfo): void {
  const v = (backend as unknown as WasmHeapAccess<Float32Array>).typedArrayFromHeap(info);
  const n = info.shape[info.shape.length - 1] ?? 1;
  for (let o = 0; o < v.length; o += n) {
    let max = -Infinity;
    for (let i = 0; i < n; i++) max = Math.max(max, v[o + i]!);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += v[o + i] = Math.exp(v[o + i]! - max);
    for (let i = 0; i < n; i++) v[o + i] = v[o + i]! / sum;
  }
}

export interface FusedConv2DAttrs {
  strides: [number, number];
  pad: 'valid' | 'same';
  activation: FusedActivation;
}

const wasmKernel = (name: string) => {
  const config = tf.getKernel(name, 'wasm');
  if (config === undefined) throw new Error(`wasm kernel '${name}' is not registered`);
  return config.kernelFunc;
};

function fusedDenseKernel({ inputs, backend, attrs = {} }: KernelArgs): TensorInfo {
  const { x, kernel, bias } = inputs;
  if (x === undefined || kernel === undefined) throw new Error(`${FUSED_DENSE_KERNEL} needs x and kernel`);
  const [m, k] = x.shape as [number, number];
  const n = kernel.shape[1]!;
  // wasm's _FusedMatMul (with Layerloom's fixes) takes rank-3 operands, as tfjs's fused op gives it.
  const a = reshapeInfo(backend, x, [1, m, k]);
  const b = reshapeInfo(backend, kernel, [1, k, n]);
  const out = wasmKernel('_FusedMatMul')({
    inputs: bias === undefined ? { a, b } : { a, b, bias },
    backend,
    attrs: { transposeA: false, transposeB: false, activation: xnnpackActivation(attrs['activation']) },
  }) as TensorInfo;
  if (attrs['activation'] === 'softmax') softmaxInPlace(backend, out);
  const y = reshapeInfo(backend, out, [m, n]);
  disposeInfos(backend, a, b, out);
  return y;
}

function fusedConv2DKernel({ inputs, backend, attrs = {} }: KernelArgs): TensorInfo {
  const { x, filter, bias } = inputs;
  if (x === undefined || filter === undefined) throw new Error(`${FUSED_CONV2D_KERNEL} needs x and filter`);
  const y = wasmKernel('FusedConv2D')({
    inputs: bias === undefined ? { x, filter } : { x, filter, bias },
    backend,
    attrs: {
      strides: attrs['strides'] as number[],
      pad: attrs['pad'] as string,
      dataFormat: 'NHWC',
      dilations: [1, 1],
      activation: xnnpackActivation(attrs['activation']),
    },
  }) as TensorInfo;
  if (attrs['activation'] === 'softmax') softmaxInPlace(backend, y);
  return y;
}

function reluBiasGradKernel({ inputs, backend }: KernelArgs): TensorInfo[] {
  const { dy, y } = inputs;
  if (dy === undefined || y === undefined) throw new Error(`${RELU_BIAS_GRAD_KERNEL} needs dy and y`);
  const heap = backend as unknown as WasmHeapAccess<Float32Array>;
  const channels = dy.shape[dy.shape.length - 1] ?? 1;
  const rows = dy.shape.slice(0, -1).reduce((p, d) => p * d, 1);
  const g = heap.makeOutput(dy.shape.slice(), 'float32');
  const db = heap.makeOutput([channels], 'float32');
  heap.typedArrayFromHeap(db).fill(0);
  const simd = simdKernelsOf(backend);
  if (simd !== null && channels % 4 === 0) {
    simd.kernels.reluBiasGrad(
      simd.offset(dy),
      simd.offset(y),
      simd.offset(g),
      simd.offset(db),
      rows,
      channels * 4,
    );
    return [g, db];
  }
  const [DY, Y, G, DB] = [dy, y, g, db].map((t) => heap.typedArrayFromHeap(t)) as Float32Array[];
  for (let r = 0, i = 0; r < rows; r++)
    for (let c = 0; c < channels; c++, i++) {
      const v = Y![i]! > 0 ? DY![i]! : 0;
      G![i] = v;
      DB![c] = DB![c]! + v;
    }
  return [g, db];
}

function softmaxBiasGradKernel({ inputs, backend }: KernelArgs): TensorInfo[] {
  const { dy, y } = inputs;
  if (dy === undefined || y === undefined) throw new Error(`${SOFTMAX_BIAS_GRAD_KERNEL} needs dy and y`);
  const heap = backend as unknown as WasmHeapAccess<Float32Array>;
  const n = dy.shape[dy.shape.length - 1] ?? 1;
  const g = heap.makeOutput(dy.shape.slice(), 'float32');
  const db = heap.makeOutput([n], 'float32');
  const [DY, Y, G, DB] = [dy, y, g, db].map((t) => heap.typedArrayFromHeap(t)) as Float32Array[];
  DB!.fill(0);
  for (let o = 0; o < DY!.length; o += n) {
    let dot = 0;
    for (let i = 0; i < n; i++) dot += DY![o + i]! * Y![o + i]!;
    for (let i = 0; i < n; i++) {
      const v = (G![o + i] = Y![o + i]! * (DY![o + i]! - dot));
      DB![i] = DB![i]! + v;
    }
  }
  return [g, db];
}

/**
 * wasm's Conv2D and FusedConv2D hand 'same' padding to XNNPACK as TensorFlow's SAME flag, and get
 * zeros or shifted outputs when one spatial axis has a 1-wide filter with stride 2 while the other
 * is padded (24 of 648 small shapes tried, e.g. 3×4 input, 2×1 filter, strides [1, 2]). The same
 * padding given as explicit amounts (what cpu computes) is right.
 */
export function withExplicitSamePadding(original: KernelConfig): KernelFunc {
  const run = original.kernelFunc;
  return ((args: KernelArgs) => {
    const attrs = args.attrs ?? {};
    const { x, filter } = args.inputs;
    if (attrs['pad'] !== 'same' || x === undefined || filter === undefined || attrs['dataFormat'] === 'NCHW')
      return run(args);
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      attrs['strides'] as [number, number],
      (attrs['dilations'] ?? 1) as [number, number],
      'same',
    );
    const { top, bottom, left, right } = info.padInfo;
    const pad = [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ];
    return run({ ...args, attrs: { ...attrs, pad } });
  }) as unknown as KernelFunc;
}

/** The wasm kernels of this file, for registerWasmTrainingKernels. */
export const FUSED_LAYER_KERNELS: ReadonlyArray<readonly [string, KernelFunc]> = [
  [FUSED_DENSE_KERNEL, fusedDenseKernel as unknown as KernelFunc],
  [FUSED_CONV2D_KERNEL, fusedConv2DKernel as unknown as KernelFunc],
  [RELU_BIAS_GRAD_KERNEL, reluBiasGradKernel as unknown as KernelFunc],
  [SOFTMAX_BIAS_GRAD_KERNEL, softmaxBiasGradKernel as unknown as KernelFunc],
];

/** The gradient through the activation (g) and, lazily, the bias gradient. */
function throughActivation(dy: Tensor, y: Tensor, activation: string): { g: Tensor; db: () => Tensor } {
  if (activation === 'relu' || activation === 'softmax') {
    const kernel = activation === 'relu' ? RELU_BIAS_GRAD_KERNEL : SOFTMAX_BIAS_GRAD_KERNEL;
    const [g, db] = tf.engine().runKernel(kernel, { dy, y }) as Tensor[];
    return { g: g!, db: () => db! };
  }
  return {
    g: dy,
    db: () =>
      tf.sum(
        dy,
        dy.shape.slice(0, -1).map((_, i) => i),
      ),
  };
}

const denseGradient: GradConfig = {
  kernelName: FUSED_DENSE_KERNEL,
  inputsToSave: ['x', 'kernel'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, kernel, y] = saved as [Tensor, Tensor, Tensor];
    const { g, db } = throughActivation(dy as Tensor, y, attrs['activation'] as string);
    const engine = tf.engine();
    return {
      x: () =>
        engine.runKernel(
          'BatchMatMul',
          { a: g, b: kernel },
          { transposeA: false, transposeB: true },
        ) as Tensor,
      kernel: () =>
        engine.runKernel('BatchMatMul', { a: x, b: g }, { transposeA: true, transposeB: false }) as Tensor,
      bias: db,
    };
  },
};

const conv2DGradient: GradConfig = {
  kernelName: FUSED_CONV2D_KERNEL,
  inputsToSave: ['x', 'filter'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter, y] = saved as [Tensor, Tensor, Tensor];
    const { g, db } = throughActivation(dy as Tensor, y, attrs['activation'] as string);
    const conv = { strides: attrs['strides'], pad: attrs['pad'], dataFormat: 'NHWC' } as NamedAttrMap;
    const engine = tf.engine();
    return {
      x: () =>
        engine.runKernel(
          'Conv2DBackpropInput',
          { dy: g, filter },
          { ...conv, inputShape: x.shape },
        ) as Tensor,
      filter: () =>
        engine.runKernel(
          'Conv2DBackpropFilter',
          { x, dy: g },
          { ...conv, filterShape: filter.shape },
        ) as Tensor,
      bias: db,
    };
  },
};

let gradientsRegistered = false;

/** Registers the gradients of the fused kernels (once; gradients are not per backend). */
export function registerFusedLayerGradients(): void {
  if (gradientsRegistered) return;
  gradientsRegistered = true;
  tf.registerGradient(denseGradient);
  tf.registerGradient(conv2DGradient);
}

/** Whether the fused layer kernels can run now (the active backend is wasm and has them). */
export function fusedLayersAvailable(): boolean {
  return tf.getBackend() === 'wasm' && tf.getKernel(FUSED_CONV2D_KERNEL, 'wasm') !== undefined;
}

/** activation(x · kernel + bias) for x [batch, in], kernel [in, units]; differentiable. */
export function fusedDense(
  x: Tensor,
  kernel: Tensor,
  bias: Tensor | null,
  activation: FusedActivation,
): Tensor {
  const inputs: tf.NamedTensorMap = bias === null ? { x, kernel } : { x, kernel, bias };
  return tf.engine().runKernel(FUSED_DENSE_KERNEL, inputs, { activation }) as Tensor;
}

/** activation(conv2d(x, filter) + bias) for NHWC x, no dilation; differentiable. */
export function fusedConv2D(x: Tensor, filter: Tensor, bias: Tensor | null, attrs: FusedConv2DAttrs): Tensor {
  const inputs: tf.NamedTensorMap = bias === null ? { x, filter } : { x, filter, bias };
  return tf.engine().runKernel(FUSED_CONV2D_KERNEL, inputs, attrs as unknown as NamedAttrMap) as Tensor;
}
