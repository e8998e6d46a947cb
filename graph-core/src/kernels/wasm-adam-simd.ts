// The Adam update as a few hundred bytes of WebAssembly SIMD that runs on tfjs-backend-wasm's own
// memory: JavaScript's float64 divide and square root cost ~3 ns per element, four lanes of float32
// cost a tenth of that. Assembled with wasm-asm.ts (no toolchain needed at build or run time).

import { F32, I32, V128, op, wasmModule } from './wasm-asm';

/** adam(p, m, v, g, outP, outM, outV, bytes, β1, β2, 1−β1, 1−β2, ε, −lr/(1−β1ᵗ), 1/(1−β2ᵗ)). */
export type AdamSimd = (
  p: number,
  m: number,
  v: number,
  g: number,
  outP: number,
  outM: number,
  outV: number,
  bytes: number,
  beta1: number,
  beta2: number,
  oneMinusBeta1: number,
  oneMinusBeta2: number,
  epsilon: number,
  step: number,
  invCorrection2: number,
) => void;

const { get, set, tee, add: I32_ADD } = op;
const LOAD = op.v128Load;
const STORE = op.v128Store;
const SPLAT = op.f32x4Splat;
const SQRT = op.f32x4Sqrt;
const ADD = op.f32x4Add;
const MUL = op.f32x4Mul;
const DIV = op.f32x4Div;

// Parameters 0–6 are byte offsets, 7 the byte length, 8–14 the float constants.
const [P, M, V, G, OP, OM, OV, END] = [0, 1, 2, 3, 4, 5, 6, 7];
const I = 15;
const [B1, B2, C1, C2, EPS, A, S] = [16, 17, 18, 19, 20, 21, 22];
const [GV, MI, VI] = [23, 24, 25];
const at = (base: number) => [...get(base), ...get(I), ...I32_ADD];

function body(): number[] {
  const code: number[] = [];
  for (let k = 0; k < 7; k++) code.push(...get(8 + k), ...SPLAT, ...set(B1 + k));
  code.push(...op.loopStart);
  code.push(...get(I), ...get(END), ...op.geU, ...op.breakIf);
  code.push(...at(G), ...LOAD, ...set(GV));
  code.push(...at(OM), ...at(M), ...LOAD, ...get(B1), ...MUL, ...get(GV), ...get(C1), ...MUL, ...ADD);
  code.push(...tee(MI), ...STORE);
  code.push(...at(OV), ...at(V), ...LOAD, ...get(B2), ...MUL, ...get(GV), ...get(GV), ...MUL);
  code.push(...get(C2), ...MUL, ...ADD, ...tee(VI), ...STORE);
  code.push(...at(OP), ...at(P), ...LOAD, ...get(A), ...get(MI), ...MUL);
  code.push(...get(VI), ...get(S), ...MUL, ...SQRT, ...get(EPS), ...ADD, ...DIV, ...ADD, ...STORE);
  code.push(...get(I), ...op.i32(16), ...I32_ADD, ...set(I), ...op.continue); // i += 16
  code.push(...op.loopEnd);
  return code;
}

export function adamSimdModule(sharedMemory = false): Uint8Array {
  const params = [...Array(8).fill(I32), ...Array(7).fill(F32)] as number[];
  return wasmModule(
    [
      {
        name: 'adam',
        params,
        locals: [
          [1, I32],
          [10, V128],
        ],
        code: body(),
      },
    ],
    sharedMemory,
  );
}

/** The part of the WebAssembly API used here (graph-core compiles without the DOM's types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}
interface WasmApi {
  Memory: abstract new (...args: never[]) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
export const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

const instances = new WeakMap<WasmMemory, AdamSimd | null>();

/** Whether `memory` is the threaded build's shared heap (the kernels' import must say so). */
export function isSharedHeap(memory: WasmMemory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}

/**
 * The heap of tfjs-backend-wasm's BackendWasm: the single-threaded build exports it (`asm.memory`);
 * the threaded one imports it, so wasm-threads.ts creates it and passes it in (`wasmMemory`).
 */
export function wasmHeapOf(backend: unknown): WasmMemory | undefined {
  const wasm = (backend as { wasm?: { asm?: { memory?: unknown }; wasmMemory?: unknown } } | null)?.wasm;
  const memory = wasm?.asm?.memory ?? wasm?.wasmMemory;
  return wasmApi !== undefined && memory instanceof wasmApi.Memory ? memory : undefined;
}

/**
 * The exports of one of our kernel modules instantiated on `memory` (its memory import declared
 * shared when the heap is), or null where it cannot run (no WebAssembly, or no SIMD).
 */
export function instantiateOnHeap(
  memory: WasmMemory,
  moduleFor: (sharedMemory: boolean) => Uint8Array,
): Record<string, unknown> | null {
  if (wasmApi === undefined) return null;
  try {
    const module = new wasmApi.Module(moduleFor(isSharedHeap(memory)));
    return new wasmApi.Instance(module, { env: { memory } }).exports;
  } catch {
    return null;
  }
}

/** The update bound to `memory` (shared or not), or null where it cannot run (no SIMD). */
export function adamSimdFor(memory: WasmMemory): AdamSimd | null {
  if (instances.has(memory)) return instances.get(memory)!;
  const fn = (instantiateOnHeap(memory, adamSimdModule)?.['adam'] as AdamSimd | undefined) ?? null;
  instances.set(memory, fn);
  return fn;
}
