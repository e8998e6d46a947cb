// A direct SIMD loop for a convolution's filter gradient with few input channels (MNIST's first
// conv: 1 channel in, 8 out), whose output (the filter) is too small for XNNPACK to tile: all the
// work is one long reduction. Each module is assembled for one filter width and input channel
// count so that every tap's address is an immediate offset and every partial sum stays in a
// local (a register) for the whole scan.
import { I32, V128, forLoop, op, wasmModule, type WasmFunction } from './wasm-asm';

/**
 * filterGradRow(x, dy, out, batch, outH, outW, xRowBytes, xImageBytes, dyPixelBytes, outKxBytes):
 * for one filter row ky, one input channel ci and one block of 4·lanes output channels,
 * out[kx, lanes] = Σ_{b,y,x} x[b, y, x+kx] · dy[b, y, x, lanes], with `x` pointing at
 * padded-x[0, ky, 0, ci] and `dy` at dy[0, 0, 0, co0] (byte offsets; a stride-1, 'valid' scan).
 */
export type FilterGradRow = (...args: number[]) => void;

const { get, set, i32 } = op;
const MUL_ADD = (acc: number, a: number, b: number) => [
  ...get(acc),
  ...get(a),
  ...get(b),
  ...op.f32x4Mul,
  ...op.f32x4Add,
  ...set(acc),
];

/** `lanes` vectors of 4 output channels; fw·lanes partial sums plus lanes + 1 operands in locals. */
function filterGradRow(fw: number, inC: number, lanes: number): WasmFunction {
  const [X, DY, OUT, B, OH, OW, XROW, XIMG, DYPIX, OUTKX] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [BI, YI, XI, XR, XP, DP] = [10, 11, 12, 13, 14, 15];
  const D = 16;
  const S = D + lanes;
  const ACC = S + 1;
  const acc = (kx: number, g: number) => ACC + kx * lanes + g;
  const position: number[] = [];
  for (let g = 0; g < lanes; g++) position.push(...get(DP), ...op.v128LoadAt(16 * g), ...set(D + g));
  for (let kx = 0; kx < fw; kx++) {
    position.push(...get(XP), ...op.load32SplatAt(kx * inC * 4), ...set(S));
    for (let g = 0; g < lanes; g++) position.push(...MUL_ADD(acc(kx, g), S, D + g));
  }
  position.push(...get(DP), ...get(DYPIX), ...op.add, ...set(DP));
  position.push(...get(XP), ...i32(inC * 4), ...op.add, ...set(XP));
  const row = [
    ...get(XR),
    ...set(XP),
    ...forLoop(XI, i32(0), get(OW), i32(1), position),
    ...get(XR),
    ...get(XROW),
    ...op.add,
    ...set(XR),
  ];
  const image = [
    ...get(X),
    ...get(BI),
    ...get(XIMG),
    ...op.mul,
    ...op.add,
    ...set(XR),
    ...forLoop(YI, i32(0), get(OH), i32(1), row),
  ];
  const store: number[] = [];
  for (let kx = 0; kx < fw; kx++)
    for (let g = 0; g < lanes; g++)
      store.push(
        ...get(OUT),
        ...i32(kx),
        ...get(OUTKX),
        ...op.mul,
        ...op.add,
        ...get(acc(kx, g)),
        ...op.v128StoreAt(16 * g),
      );
  return {
    name: `filterGradRow${lanes}`,
    params: Array<number>(10).fill(I32),
    locals: [
      [6, I32],
      [lanes + 1 + fw * lanes, V128],
    ],
    code: [...get(DY), ...set(DP), ...forLoop(BI, i32(0), get(B), i32(1), image), ...store],
  };
}

/** The filter-gradient loops for one filter width and input channel count, 4 and 8 output channels a call. */
export function smallConvModule(filterW: number, inC: number, sharedMemory = false): Uint8Array {
  return wasmModule([filterGradRow(filterW, inC, 1), filterGradRow(filterW, inC, 2)], sharedMemory);
}
