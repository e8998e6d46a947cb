// SIMD loops for the wasm training step's memory-bound kernels (max-pool gradient, bias gradient,
// bias add), assembled with wasm-asm.ts and run on tfjs-backend-wasm's own memory. tfjs's versions
// are a JavaScript scan (MaxPoolGrad) or a Transpose plus a scalar reduction (Sum over leading
// axes), several times slower than four float lanes at a time.
import { I32, V128, forLoop, op, wasmModule, type WasmFunction } from './wasm-asm';
import { instantiateOnHeap, wasmHeapOf, type WasmMemory } from './wasm-adam-simd';
import { heapOffset } from './wasm-kernel-calls';

/**
 * One output row of a max-pool gradient, channels innermost, C a multiple of 4 (all byte offsets):
 * poolGradRow(x, dyRow, dx, rowStart, rowEnd, rowBytes, pixelBytes, outWidth, strideW, filterW,
 * padLeft, width). Routes each dy to the first maximum of its window (as cpu and webgl); dx must
 * start zeroed.
 */
export type PoolGradRow = (...args: number[]) => void;
/**
 * One output row of a max-pool gradient whose windows tile the input (stride = filter, no
 * padding, every window inside), C a multiple of 4 (byte offsets): poolGradTiles(x, dyRow, dx,
 * rowBytes, pixelBytes, outWidth, filterH, filterW), x and dx at the window row's top. Writes
 * every dx value of the row's windows (dy at each window's first maximum, else 0), so dx need not
 * start zeroed: one SIMD pass with masks instead of a per-lane scatter.
 */
export type PoolGradTiles = (...args: number[]) => void;
/** sumRows(x, out, rows, rowBytes): out (zeroed) += every row of x; rowBytes a multiple of 16. */
export type SumRows = (x: number, out: number, rows: number, rowBytes: number) => void;
/** addRow(x, row, out, rows, rowBytes): out = x + row broadcast over rows; rowBytes a multiple of 16. */
export type AddRow = (x: number, row: number, out: number, rows: number, rowBytes: number) => void;

/**
 * reluBiasGrad(dy, y, g, db, rows, rowBytes): g = dy where y > 0, else 0 (the gradient through a
 * ReLU, from its output), and db (zeroed) += every row of g (the bias gradient); rowBytes a
 * multiple of 16.
 */
export type ReluBiasGrad = (
  dy: number,
  y: number,
  g: number,
  db: number,
  rows: number,
  rowBytes: number,
) => void;

/**
 * One output row of col2im for a conv's input gradient, channels a multiple of 4 (byte offsets):
 * col2imRow(colsRow, dxImage, rowBase, height, width, outWidth, strideW, padLeft, filterH,
 * filterW, pixelBytes): dx[rowBase+kh, ox·sw−pl+kw, :] += cols[ox, kh, kw, :] inside the image.
 */
export type Col2ImRow = (...args: number[]) => void;

export interface SimdKernels {
  col2imRow: Col2ImRow;
  poolGradRow: PoolGradRow;
  poolGradTiles: PoolGradTiles;
  sumRows: SumRows;
  addRow: AddRow;
  reluBiasGrad: ReluBiasGrad;
}

function poolGradRow(): WasmFunction {
  const [X, DY, DX, R0, R1, ROW, PIX, OW, SW, FW, PL, W] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const [OX, C0, C1, CH, R, COL, ADDR, LANE, DYAT] = [12, 13, 14, 15, 16, 17, 18, 19, 20];
  const [BEST, BESTAT, V, MASK] = [21, 22, 23, 24];
  const { get, set, tee, i32 } = op;
  const tap = [
    ...get(R),
    ...get(ROW),
    ...op.mul,
    ...get(COL),
    ...get(PIX),
    ...op.mul,
    ...op.add,
    ...get(CH),
    ...op.add,
    ...tee(ADDR),
    ...get(X),
    ...op.add,
    ...op.v128Load,
    ...tee(V),
    ...get(BEST),
    ...op.f32x4Gt,
    ...set(MASK),
    ...get(V),
    ...get(BEST),
    ...get(MASK),
    ...op.bitselect,
    ...set(BEST),
    ...get(ADDR),
    ...op.i32x4Splat,
    ...op.v128Const([0, 0, 0, 0, 4, 0, 0, 0, 8, 0, 0, 0, 12, 0, 0, 0]),
    ...op.i32x4Add,
    ...get(BESTAT),
    ...get(MASK),
    ...op.bitselect,
    ...set(BESTAT),
  ];
  const scatter = [0, 1, 2, 3].flatMap((lane) => [
    ...get(BESTAT),
    ...op.i32x4Lane(lane),
    ...tee(LANE),
    ...i32(0),
    ...op.geS,
    ...op.ifStart,
    ...get(DX),
    ...get(LANE),
    ...op.add,
    ...tee(LANE),
    ...get(LANE),
    ...op.f32Load(),
    ...get(DYAT),
    ...op.f32Load(lane * 4),
    ...op.f32Add,
    ...op.f32Store,
    ...op.end,
  ]);
  const channels = [
    ...op.f32Const([0x00, 0x00, 0x80, 0xff]),
    ...op.f32x4Splat,
    ...set(BEST),
    ...i32(-1),
    ...op.i32x4Splat,
    ...set(BESTAT),
    ...forLoop(R, get(R0), get(R1), i32(1), forLoop(COL, get(C0), get(C1), i32(1), tap)),
    ...get(DY),
    ...get(OX),
    ...get(PIX),
    ...op.mul,
    ...op.add,
    ...get(CH),
    ...op.add,
    ...set(DYAT),
    ...scatter,
  ];
  const window = [
    // c0 = ox·sw − pl; c1 = min(w, c0 + fw); c0 = max(0, c0)
    ...get(OX),
    ...get(SW),
    ...op.mul,
    ...get(PL),
    ...op.sub,
    ...tee(C0),
    ...get(FW),
    ...op.add,
    ...tee(C1),
    ...get(W),
    ...get(C1),
    ...get(W),
    ...op.ltS,
    ...op.select,
    ...set(C1),
    ...get(C0),
    ...i32(0),
    ...get(C0),
    ...i32(0),
    ...op.gtS,
    ...op.select,
    ...set(C0),
    ...forLoop(CH, i32(0), get(PIX), i32(16), channels),
  ];
  return {
    name: 'poolGradRow',
    params: Array<number>(12).fill(I32),
    locals: [
      [9, I32],
      [4, V128],
    ],
    code: forLoop(OX, i32(0), get(OW), i32(1), window),
  };
}

function poolGradTiles(): WasmFunction {
  const [X, DY, DX, ROW, PIX, OW, FH, FW] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [OX, CH, KY, KX, BASE, ADDR] = [8, 9, 10, 11, 12, 13];
  const [BEST, TAKEN, V, HIT, G] = [14, 15, 16, 17, 18];
  const { get, set, tee, i32 } = op;
  /** ADDR = BASE + ky·row + kx·pixel; leaves x[ADDR] (4 lanes) on the stack. */
  const load = [
    ...get(BASE),
    ...get(KY),
    ...get(ROW),
    ...op.mul,
    ...op.add,
    ...get(KX),
    ...get(PIX),
    ...op.mul,
    ...op.add,
    ...tee(ADDR),
    ...get(X),
    ...op.add,
    ...op.v128Load,
  ];
  const taps = (body: number[]) =>
    forLoop(KY, i32(0), get(FH), i32(1), forLoop(KX, i32(0), get(FW), i32(1), body));
  // best = running max with `>` (NaN never wins, as cpu's scan).
  const findBest = taps([
    ...load,
    ...tee(V),
    ...get(BEST),
    ...get(V),
    ...get(BEST),
    ...op.f32x4Gt,
    ...op.bitselect,
    ...set(BEST),
  ]);
  // hit = (x == best) and no earlier tap hit; dx = (dy where hit, else 0) + 0 (−0 becomes +0, as 0 + dy).
  const route = taps([
    ...load,
    ...get(BEST),
    ...op.f32x4Eq,
    ...get(TAKEN),
    ...op.v128AndNot,
    ...tee(HIT),
    ...get(TAKEN),
    ...op.v128Or,
    ...set(TAKEN),
    ...get(DX),
    ...get(ADDR),
    ...op.add,
    ...get(G),
    ...get(HIT),
    ...op.v128And,
    ...op.v128Const(Array<number>(16).fill(0)),
    ...op.f32x4Add,
    ...op.v128Store,
  ]);
  const minusInf = [...op.f32Const([0x00, 0x00, 0x80, 0xff]), ...op.f32x4Splat];
  const channels = [
    // BASE = ox·fw·pixel + ch
    ...get(OX),
    ...get(FW),
    ...op.mul,
    ...get(PIX),
    ...op.mul,
    ...get(CH),
    ...op.add,
    ...set(BASE),
    ...minusInf,
    ...set(BEST),
    ...findBest,
    ...get(DY),
    ...get(OX),
    ...get(PIX),
    ...op.mul,
    ...op.add,
    ...get(CH),
    ...op.add,
    ...op.v128Load,
    ...set(G),
    // A window with no maximum above −∞ (all −∞ or NaN) routes nowhere, as cpu's scan: all lanes taken.
    ...op.v128Const(Array<number>(16).fill(0xff)),
    ...get(BEST),
    ...minusInf,
    ...op.f32x4Gt,
    ...op.v128AndNot,
    ...set(TAKEN),
    ...route,
  ];
  return {
    name: 'poolGradTiles',
    params: Array<number>(8).fill(I32),
    locals: [
      [6, I32],
      [5, V128],
    ],
    code: forLoop(OX, i32(0), get(OW), i32(1), forLoop(CH, i32(0), get(PIX), i32(16), channels)),
  };
}

function sumRows(): WasmFunction {
  const [X, OUT, ROWS, ROW, R, J, BASE] = [0, 1, 2, 3, 4, 5, 6];
  const { get, set } = op;
  const inner = [
    ...get(OUT),
    ...get(J),
    ...op.add,
    ...get(OUT),
    ...get(J),
    ...op.add,
    ...op.v128Load,
    ...get(BASE),
    ...get(J),
    ...op.add,
    ...op.v128Load,
    ...op.f32x4Add,
    ...op.v128Store,
  ];
  const row = [...get(X), ...get(R), ...get(ROW), ...op.mul, ...op.add, ...set(BASE)];
  return {
    name: 'sumRows',
    params: [I32, I32, I32, I32],
    locals: [[3, I32]],
    code: forLoop(R, op.i32(0), get(ROWS), op.i32(1), [
      ...row,
      ...forLoop(J, op.i32(0), get(ROW), op.i32(16), inner),
    ]),
  };
}

function addRow(): WasmFunction {
  const [X, VEC, OUT, ROWS, ROW, R, J, AT] = [0, 1, 2, 3, 4, 5, 6, 7];
  const { get, set, tee } = op;
  const inner = [
    ...get(OUT),
    ...get(AT),
    ...get(J),
    ...op.add,
    ...tee(J),
    ...op.add,
    ...get(X),
    ...get(J),
    ...op.add,
    ...op.v128Load,
    ...get(VEC),
    ...get(J),
    ...get(AT),
    ...op.sub,
    ...op.add,
    ...op.v128Load,
    ...op.f32x4Add,
    ...op.v128Store,
    ...get(J),
    ...get(AT),
    ...op.sub,
    ...set(J),
  ];
  const row = [...get(R), ...get(ROW), ...op.mul, ...set(AT)];
  return {
    name: 'addRow',
    params: [I32, I32, I32, I32, I32],
    locals: [[3, I32]],
    code: forLoop(R, op.i32(0), get(ROWS), op.i32(1), [
      ...row,
      ...forLoop(J, op.i32(0), get(ROW), op.i32(16), inner),
    ]),
  };
}

function reluBiasGrad(): WasmFunction {
  const [DY, Y, G, DB, ROWS, ROW, R, J, BASE, V] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const { get, set } = op;
  const at = (ptr: number) => [...get(ptr), ...get(BASE), ...op.add, ...get(J), ...op.add];
  const inner = [
    ...at(DY),
    ...op.v128Load,
    ...at(Y),
    ...op.v128Load,
    ...op.v128Const(Array<number>(16).fill(0)),
    ...op.f32x4Gt,
    ...op.v128And,
    ...set(V),
    ...at(G),
    ...get(V),
    ...op.v128Store,
    ...get(DB),
    ...get(J),
    ...op.add,
    ...get(DB),
    ...get(J),
    ...op.add,
    ...op.v128Load,
    ...get(V),
    ...op.f32x4Add,
    ...op.v128Store,
  ];
  return {
    name: 'reluBiasGrad',
    params: Array<number>(6).fill(I32),
    locals: [
      [3, I32],
      [1, V128],
    ],
    code: forLoop(R, op.i32(0), get(ROWS), op.i32(1), [
      ...get(R),
      ...get(ROW),
      ...op.mul,
      ...set(BASE),
      ...forLoop(J, op.i32(0), get(ROW), op.i32(16), inner),
    ]),
  };
}

function col2imRow(): WasmFunction {
  const [COLS, DX, RB, H, W, OW, SW, PL, FH, FW, PIX] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [OX, KH, KW, CH, IY, IX, SRC, DST] = [11, 12, 13, 14, 15, 16, 17, 18];
  const { get, set, tee, i32 } = op;
  const channel = [
    ...get(DST),
    ...get(CH),
    ...op.add,
    ...tee(IY),
    ...get(IY),
    ...op.v128Load,
    ...get(SRC),
    ...get(CH),
    ...op.add,
    ...op.v128Load,
    ...op.f32x4Add,
    ...op.v128Store,
  ];
  // Reuses IY as a scratch address inside the channel loop, so the column loop recomputes it.
  const column = [
    ...get(OX),
    ...get(SW),
    ...op.mul,
    ...get(PL),
    ...op.sub,
    ...get(KW),
    ...op.add,
    ...tee(IX),
    ...get(W),
    ...op.ltU,
    ...get(RB),
    ...get(KH),
    ...op.add,
    ...get(H),
    ...op.ltU,
    ...op.and,
    ...op.ifStart,
    ...get(DX),
    ...get(RB),
    ...get(KH),
    ...op.add,
    ...get(W),
    ...op.mul,
    ...get(IX),
    ...op.add,
    ...get(PIX),
    ...op.mul,
    ...op.add,
    ...set(DST),
    ...forLoop(CH, i32(0), get(PIX), i32(16), channel),
    ...op.end,
    ...get(SRC),
    ...get(PIX),
    ...op.add,
    ...set(SRC),
  ];
  const pixel = forLoop(KH, i32(0), get(FH), i32(1), forLoop(KW, i32(0), get(FW), i32(1), column));
  return {
    name: 'col2imRow',
    params: Array<number>(11).fill(I32),
    locals: [[8, I32]],
    code: [...get(COLS), ...set(SRC), ...forLoop(OX, i32(0), get(OW), i32(1), pixel)],
  };
}

export function simdKernelsModule(sharedMemory = false): Uint8Array {
  return wasmModule(
    [poolGradRow(), poolGradTiles(), sumRows(), addRow(), col2imRow(), reluBiasGrad()],
    sharedMemory,
  );
}

const instances = new WeakMap<WasmMemory, SimdKernels | null>();

/** The kernels bound to `memory` (shared or not), or null where they cannot run (no SIMD). */
export function simdKernelsFor(memory: WasmMemory): SimdKernels | null {
  if (instances.has(memory)) return instances.get(memory)!;
  const exports = instantiateOnHeap(memory, simdKernelsModule);
  const kernels = exports && {
    col2imRow: exports['col2imRow'] as Col2ImRow,
    poolGradRow: exports['poolGradRow'] as PoolGradRow,
    poolGradTiles: exports['poolGradTiles'] as PoolGradTiles,
    sumRows: exports['sumRows'] as SumRows,
    addRow: exports['addRow'] as AddRow,
    reluBiasGrad: exports['reluBiasGrad'] as ReluBiasGrad,
  };
  instances.set(memory, kernels);
  return kernels;
}

/** The member of tfjs-backend-wasm's BackendWasm the SIMD kernels rely on, beside its heap. */
interface WasmHeapBackend {
  dataIdMap: { get(id: unknown): { memoryOffset: number } | undefined };
}

/** The kernels for this backend's heap and a byte-offset lookup, or null (then callers fall back). */
export function simdKernelsOf(
  backend: unknown,
): { kernels: SimdKernels; offset: (t: { dataId: unknown }) => number } | null {
  const b = backend as Partial<WasmHeapBackend>;
  const memory = wasmHeapOf(backend);
  if (memory === undefined || b.dataIdMap === undefined) return null;
  const kernels = simdKernelsFor(memory);
  return kernels === null ? null : { kernels, offset: (t) => heapOffset(backend, t) };
}
