// A few helpers to write small WebAssembly functions as byte arrays in TypeScript (no toolchain at
// build or run time), for kernels that run on tfjs-backend-wasm's own memory. Only what the
// kernels here use; opcodes are named as in the WebAssembly text format.

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

export function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const simd = (op: number): number[] => (op < 0x80 ? [0xfd, op] : [0xfd, (op & 0x7f) | 0x80, op >> 7]);

export const op = {
  get: (i: number) => [0x20, i],
  set: (i: number) => [0x21, i],
  tee: (i: number) => [0x22, i],
  i32: (n: number) => [0x41, ...sleb(n)],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  geS: [0x4e],
  geU: [0x4f],
  ltS: [0x48],
  /** `block { loop { … } }`: `br 1` leaves, `br 0` repeats. */
  loopStart: [0x02, 0x40, 0x03, 0x40],
  loopEnd: [0x0b, 0x0b],
  breakIf: [0x0d, 1],
  continue: [0x0c, 0],
  ifStart: [0x04, 0x40],
  end: [0x0b],
  gtS: [0x4a],
  ltU: [0x49],
  and: [0x71],
  select: [0x1b],
  f32Load: (offset = 0) => [0x2a, 2, ...leb(offset)],
  f32Store: [0x38, 2, 0],
  f32Const: (bytes: number[]) => [0x43, ...bytes],
  f32Add: [0x92],
  v128Load: [...simd(0x00), 0, 0],
  v128Store: [...simd(0x0b), 0, 0],
  /** Loads and stores with a constant byte offset (alignment hint 1 byte: any address works). */
  v128LoadAt: (offset: number) => [...simd(0x00), 0, ...leb(offset)],
  v128StoreAt: (offset: number) => [...simd(0x0b), 0, ...leb(offset)],
  /** `v128.load32_splat`: one float from memory into all four lanes. */
  load32SplatAt: (offset: number) => [...simd(0x09), 0, ...leb(offset)],
  f32x4Splat: simd(0x13),
  i32x4Splat: simd(0x11),
  f32x4Add: simd(0xe4),
  f32x4Mul: simd(0xe6),
  f32x4Div: simd(0xe7),
  f32x4Sqrt: simd(0xe3),
  f32x4Gt: simd(0x44),
  i32x4Add: simd(0xae),
  bitselect: simd(0x52),
  v128And: simd(0x4e),
  /** a & ~b */
  v128AndNot: simd(0x4f),
  v128Or: simd(0x50),
  f32x4Eq: simd(0x41),
  f32x4Lane: (lane: number) => [...simd(0x1f), lane],
  i32x4Lane: (lane: number) => [...simd(0x1b), lane],
  v128Const: (bytes: number[]) => [...simd(0x0c), ...bytes],
  f32x4Sub: simd(0xe5),
  f32x4Min: simd(0xe8),
  f32x4Max: simd(0xe9),
  f32x4Lt: simd(0x43),
  /** `v128.const` of one float in all four lanes. */
  f32x4Const: (value: number) => [...simd(0x0c), ...[0, 1, 2, 3].flatMap(() => f32Bytes(value))],
};

/** The four little-endian bytes of a float32 (for `f32.const` and `v128.const`). */
export function f32Bytes(value: number): number[] {
  return [...new Uint8Array(new Float32Array([value]).buffer)];
}

/** `for (i = from; i < to; i += step) body` over locals; every operand is a local index. */
export function forLoop(i: number, from: number[], to: number[], step: number[], body: number[]): number[] {
  return [
    ...from,
    ...op.set(i),
    ...op.loopStart,
    ...op.get(i),
    ...to,
    ...op.geS,
    ...op.breakIf,
    ...body,
    ...op.get(i),
    ...step,
    ...op.add,
    ...op.set(i),
    ...op.continue,
    ...op.loopEnd,
  ];
}

export interface WasmFunction {
  name: string;
  params: number[];
  /** Extra locals, in order after the parameters: [count, type] pairs. */
  locals: Array<[number, number]>;
  code: number[];
}

const section = (id: number, content: number[]) => [id, ...leb(content.length), ...content];
const name = (s: string) => [s.length, ...[...s].map((c) => c.charCodeAt(0))];

/**
 * Limits of the imported memory. A shared memory (tfjs's threaded build) only matches an import
 * declared shared with a maximum no smaller than its own; tfjs's is 65,536 pages (4 GiB).
 */
const memoryLimits = (shared: boolean) => (shared ? [0x03, ...leb(1), ...leb(65536)] : [0x00, 0x01]);

/** A module importing `env.memory` (shared or not) and exporting the functions (each with no results). */
export function wasmModule(fns: readonly WasmFunction[], sharedMemory = false): Uint8Array {
  const types = fns.flatMap((f) => [0x60, ...leb(f.params.length), ...f.params, 0]);
  const bodies = fns.map((f) => {
    const locals = [...leb(f.locals.length), ...f.locals.flatMap(([n, t]) => [...leb(n), t])];
    const body = [...locals, ...f.code, ...op.end];
    return [...leb(body.length), ...body];
  });
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [...leb(fns.length), ...types]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, ...memoryLimits(sharedMemory)]),
    ...section(3, [...leb(fns.length), ...fns.map((_, i) => i)]),
    ...section(7, [...leb(fns.length), ...fns.flatMap((f, i) => [...name(f.name), 0x00, i])]),
    ...section(10, [...leb(fns.length), ...bodies.flat()]),
  ]);
}
