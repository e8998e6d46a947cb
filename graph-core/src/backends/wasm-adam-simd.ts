// The Adam update as a few hundred bytes of WebAssembly SIMD that runs on tfjs-backend-wasm's own
// memory: JavaScript's float64 divide and square root cost ~3 ns per element, four lanes of float32
// cost a tenth of that. Assembled here (no toolchain needed at build or run time).

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

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
const simd = (op: number): number[] => (op < 0x80 ? [0xfd, op] : [0xfd, (op & 0x7f) | 0x80, op >> 7]);
const LOAD = [...simd(0x00), 0, 0];
const STORE = [...simd(0x0b), 0, 0];
const SPLAT = simd(0x13);
const SQRT = simd(0xe3);
const ADD = simd(0xe4);
const MUL = simd(0xe6);
const DIV = simd(0xe7);
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const tee = (i: number) => [0x22, i];
const I32_ADD = [0x6a];

// Parameters 0–6 are byte offsets, 7 the byte length, 8–14 the float constants.
const [P, M, V, G, OP, OM, OV, END] = [0, 1, 2, 3, 4, 5, 6, 7];
const I = 15;
const [B1, B2, C1, C2, EPS, A, S] = [16, 17, 18, 19, 20, 21, 22];
const [GV, MI, VI] = [23, 24, 25];
const at = (base: number) => [...get(base), ...get(I), ...I32_ADD];

function body(): number[] {
  const code: number[] = [];
  for (let k = 0; k < 7; k++) code.push(...get(8 + k), ...SPLAT, ...set(B1 + k));
  code.push(0x02, 0x40, 0x03, 0x40); // block, loop
  code.push(...get(I), ...get(END), 0x4f, 0x0d, 1); // i >= end → break
  code.push(...at(G), ...LOAD, ...set(GV));
  code.push(...at(OM), ...at(M), ...LOAD, ...get(B1), ...MUL, ...get(GV), ...get(C1), ...MUL, ...ADD);
  code.push(...tee(MI), ...STORE);
  code.push(...at(OV), ...at(V), ...LOAD, ...get(B2), ...MUL, ...get(GV), ...get(GV), ...MUL);
  code.push(...get(C2), ...MUL, ...ADD, ...tee(VI), ...STORE);
  code.push(...at(OP), ...at(P), ...LOAD, ...get(A), ...get(MI), ...MUL);
  code.push(...get(VI), ...get(S), ...MUL, ...SQRT, ...get(EPS), ...ADD, ...DIV, ...ADD, ...STORE);
  code.push(...get(I), 0x41, 16, ...I32_ADD, ...set(I), 0x0c, 0); // i += 16; continue
  code.push(0x0b, 0x0b, 0x0b); // end loop, block, function
  const locals = [2, 1, I32, 10, V128];
  return [...leb(locals.length + code.length), ...locals, ...code];
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

const section = (id: number, content: number[]) => [id, ...leb(content.length), ...content];
const name = (s: string) => [s.length, ...[...s].map((c) => c.charCodeAt(0))];

export function adamSimdModule(): Uint8Array {
  const params = [...Array(8).fill(I32), ...Array(7).fill(F32)] as number[];
  const fn = body();
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, params.length, ...params, 0]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('adam'), 0x00, 0]),
    ...section(10, [1, ...fn]),
  ]);
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

/**
 * The update bound to `memory`, or null where it cannot run (no SIMD, or a shared memory of the
 * threaded build, which would need a matching shared import).
 */
export function adamSimdFor(memory: WasmMemory): AdamSimd | null {
  if (instances.has(memory)) return instances.get(memory)!;
  let fn: AdamSimd | null = null;
  try {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    if (!shared && wasmApi !== undefined) {
      const instance = new wasmApi.Instance(new wasmApi.Module(adamSimdModule()), {
        env: { memory },
      });
      fn = instance.exports['adam'] as AdamSimd;
    }
  } catch {
    fn = null;
  }
  instances.set(memory, fn);
  return fn;
}
