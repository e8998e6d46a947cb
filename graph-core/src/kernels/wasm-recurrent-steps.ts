// The per-time-step gate work of the fused LSTM/GRU (wasm-lstm.ts, wasm-gru.ts) as WebAssembly SIMD
// assembled with wasm-asm.ts and run on tfjs-backend-wasm's own heap: one call per time step covers
// every batch row, four units at a time. A module is specialised to a layer's width (gate offsets
// inside a row are constants); the units past the last multiple of 4 (and every unit where SIMD
// cannot run) take the JavaScript mirror of the same kernel below, so both compute the same thing.
//
// Every kernel takes byte offsets into the heap and byte strides between batch rows; an operand a
// step does not have (no h·U product at t = 0, no bias, no output row) is a zeroed buffer (or a
// scratch row to write into) with stride 0. Gate values follow tfjs-layers: sigmoid(z) is
// ½ + ½·tanh(z/2), hardSigmoid clip(0.2·z + 0.5, 0, 1) with slope 0.2 strictly inside (0, 1).
import { I32, V128, forLoop, op, wasmModule, type WasmFunction } from './wasm-asm';
import { instantiateOnHeap, wasmHeapOf, type WasmMemory } from './wasm-adam-simd';
import { fastTanh, SIGMOID, TANH_CLAMP, TANH_P, TANH_Q, type ActivationCode } from './wasm-recurrent-common';

/** The step kernels; each argument list is the one documented on its builder below. */
export interface StepKernels {
  lstmForward(...args: number[]): void;
  lstmBackward(...args: number[]): void;
  gruForwardGates(...args: number[]): void;
  gruForwardOutput(...args: number[]): void;
  gruBackwardUpdate(...args: number[]): void;
  gruBackwardReset(...args: number[]): void;
}
type KernelName = keyof StepKernels;

type Code = number[];
const { get, set, tee } = op;

/**
 * One function's code: `params` i32 parameters (pointers, strides, the row count last), then the
 * locals J (byte offset in a row), R (row) and the named v128 values.
 */
class Builder {
  readonly J: number;
  readonly R: number;
  private readonly v128: string[] = [];
  constructor(
    readonly params: number,
    private readonly gate: ActivationCode,
  ) {
    this.J = params;
    this.R = params + 1;
  }
  /** A v128 local by name (allocated on first use). */
  v(name: string): number {
    let i = this.v128.indexOf(name);
    if (i < 0) i = this.v128.push(name) - 1;
    return this.params + 2 + i;
  }
  get(name: string): Code {
    return get(this.v(name));
  }
  /** The value on the stack into local `name`, left on the stack. */
  tee(name: string): Code {
    return tee(this.v(name));
  }
  ld(ptr: number, offset: number): Code {
    return [...get(ptr), ...get(this.J), ...op.add, ...op.v128LoadAt(offset)];
  }
  st(ptr: number, offset: number, value: Code): Code {
    return [...get(ptr), ...get(this.J), ...op.add, ...value, ...op.v128StoreAt(offset)];
  }
  tanh(x: Code): Code {
    const [c, x2] = [this.v('tanhC'), this.v('tanhX2')];
    const code = [...x, ...op.f32x4Const(-TANH_CLAMP), ...op.f32x4Max, ...op.f32x4Const(TANH_CLAMP)];
    code.push(...op.f32x4Min, ...tee(c), ...get(c), ...op.f32x4Mul, ...set(x2));
    code.push(...op.f32x4Const(TANH_P[0]!));
    for (const k of TANH_P.slice(1))
      code.push(...get(x2), ...op.f32x4Mul, ...op.f32x4Const(k), ...op.f32x4Add);
    code.push(...get(c), ...op.f32x4Mul, ...op.f32x4Const(TANH_Q[0]!));
    for (const k of TANH_Q.slice(1))
      code.push(...get(x2), ...op.f32x4Mul, ...op.f32x4Const(k), ...op.f32x4Add);
    return [...code, ...op.f32x4Div];
  }
  /** The layer's gate activation of z. */
  gateOf(z: Code): Code {
    const K = op.f32x4Const;
    if (this.gate === SIGMOID)
      return [
        ...this.tanh([...z, ...K(0.5), ...op.f32x4Mul]),
        ...K(0.5),
        ...op.f32x4Mul,
        ...K(0.5),
        ...op.f32x4Add,
      ];
    return [
      ...z,
      ...K(0.2),
      ...op.f32x4Mul,
      ...K(0.5),
      ...op.f32x4Add,
      ...K(0),
      ...op.f32x4Max,
      ...K(1),
      ...op.f32x4Min,
    ];
  }
  /** d gate / dz from the gate's value in local `a`. */
  slopeOf(a: string): Code {
    const K = op.f32x4Const;
    if (this.gate === SIGMOID)
      return [...this.get(a), ...K(1), ...this.get(a), ...op.f32x4Sub, ...op.f32x4Mul];
    return [
      ...this.get(a),
      ...K(0),
      ...op.f32x4Gt,
      ...this.get(a),
      ...K(1),
      ...op.f32x4Lt,
      ...op.v128And,
      ...K(0.2),
      ...op.v128And,
    ];
  }
  /**
   * The function: for each of `rows` rows, `body` over the row's vector bytes [0, vectorBytes), then
   * every pointer advanced by its stride (a parameter index, or a constant byte count).
   */
  fn(
    name: string,
    vectorBytes: number,
    strides: Array<[ptr: number, stride: number | { bytes: number }]>,
    body: Code,
  ): WasmFunction {
    const advance = strides.flatMap(([ptr, stride]) => [
      ...get(ptr),
      ...(typeof stride === 'number' ? get(stride) : op.i32(stride.bytes)),
      ...op.add,
      ...set(ptr),
    ]);
    const rowLoop = forLoop(this.R, op.i32(0), get(this.params - 1), op.i32(1), [
      ...forLoop(this.J, op.i32(0), op.i32(vectorBytes), op.i32(16), body),
      ...advance,
    ]);
    return {
      name,
      params: Array<number>(this.params).fill(I32),
      locals: [
        [2, I32],
        [this.v128.length, V128],
      ],
      code: rowLoop,
    };
  }
}

const mul = (...xs: Code[]): Code => xs.reduce((a, b) => [...a, ...b, ...op.f32x4Mul]);
const add = (...xs: Code[]): Code => xs.reduce((a, b) => [...a, ...b, ...op.f32x4Add]);
const sub = (a: Code, b: Code): Code => [...a, ...b, ...op.f32x4Sub];
const one = (): Code => op.f32x4Const(1);

/**
 * lstmForward(xw, xwStride, rec, recStride, bias, gates, cPrev, cPrevStride, cells, seqStride,
 * cellTanh, hPrev, h, out, outStride, rows): z = xw + rec + bias per gate (i, f, c, o), the gates
 * stored, c = f·c₋₁ + i·tanh(z_c), tanh(c), h₋₁ saved, h = o·tanh(c) into h and out. `gates` steps
 * with xwStride; cells, cellTanh and hPrev with seqStride; h [rows, H] densely.
 */
function lstmForward(H: number, gate: ActivationCode): WasmFunction {
  const [XW, XWS, REC, RECS, BIAS, GATES, CP, CPS, CELLS, SEQ, TCELL, HPREV, HST, OUT, OUTS] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
  ];
  const b = new Builder(16, gate);
  const HB = 4 * H;
  const z = (k: number) => add(b.ld(XW, k * HB), b.ld(REC, k * HB), b.ld(BIAS, k * HB));
  const body = [
    ...b.st(GATES, 0, [...b.gateOf(z(0)), ...b.tee('i')]),
    ...b.st(GATES, HB, [...b.gateOf(z(1)), ...b.tee('f')]),
    ...b.st(GATES, 2 * HB, [...b.tanh(z(2)), ...b.tee('g')]),
    ...b.st(GATES, 3 * HB, [...b.gateOf(z(3)), ...b.tee('o')]),
    ...b.st(CELLS, 0, [...add(mul(b.get('f'), b.ld(CP, 0)), mul(b.get('i'), b.get('g'))), ...b.tee('c')]),
    ...b.st(TCELL, 0, [...b.tanh(b.get('c')), ...b.tee('tc')]),
    ...b.st(HPREV, 0, b.ld(HST, 0)),
    ...b.st(HST, 0, [...mul(b.get('o'), b.get('tc')), ...b.tee('h')]),
    ...b.st(OUT, 0, b.get('h')),
  ];
  return b.fn(
    'lstmForward',
    HB & ~15,
    [
      [XW, XWS],
      [GATES, XWS],
      [REC, RECS],
      [CP, CPS],
      [CELLS, SEQ],
      [TCELL, SEQ],
      [HPREV, SEQ],
      [HST, { bytes: HB }],
      [OUT, OUTS],
    ],
    body,
  );
}

/**
 * lstmBackward(dy, dyStride, dhRec, dhRecStride, gates, gatesStride, cPrev, cPrevStride, cellTanh,
 * seqStride, dc, dz, dzStep, rows): dh = dy + dhRec; dc = dc + dh·o·(1 − tanh²c) (dc [rows, H]
 * carries f·dc back to the step before); dz of the four gates into dz (steps with gatesStride) and
 * dzStep [rows, 4H].
 */
function lstmBackward(H: number, gate: ActivationCode): WasmFunction {
  const [DY, DYS, DHR, DHRS, GATES, GS, CP, CPS, TCELL, SEQ, DC, DZ, DZS] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
  ];
  const b = new Builder(14, gate);
  const HB = 4 * H;
  const both = (off: number, value: Code) => [
    ...b.st(DZ, off, [...value, ...b.tee('d')]),
    ...b.st(DZS, off, b.get('d')),
  ];
  const body = [
    ...add(b.ld(DHR, 0), b.ld(DY, 0)),
    ...set(b.v('dh')),
    ...b.ld(GATES, 0),
    ...set(b.v('i')),
    ...b.ld(GATES, HB),
    ...set(b.v('f')),
    ...b.ld(GATES, 2 * HB),
    ...set(b.v('g')),
    ...b.ld(GATES, 3 * HB),
    ...set(b.v('o')),
    ...b.ld(TCELL, 0),
    ...set(b.v('tc')),
    ...add(b.ld(DC, 0), mul(b.get('dh'), b.get('o'), sub(one(), mul(b.get('tc'), b.get('tc'))))),
    ...set(b.v('dc')),
    ...b.st(DC, 0, mul(b.get('dc'), b.get('f'))),
    ...both(0, mul(b.get('dc'), b.get('g'), b.slopeOf('i'))),
    ...both(HB, mul(b.get('dc'), b.ld(CP, 0), b.slopeOf('f'))),
    ...both(2 * HB, mul(b.get('dc'), b.get('i'), sub(one(), mul(b.get('g'), b.get('g'))))),
    ...both(3 * HB, mul(b.get('dh'), b.get('tc'), b.slopeOf('o'))),
  ];
  return b.fn(
    'lstmBackward',
    HB & ~15,
    [
      [DY, DYS],
      [DHR, DHRS],
      [GATES, GS],
      [DZ, GS],
      [CP, CPS],
      [TCELL, SEQ],
      [DC, { bytes: HB }],
      [DZS, { bytes: 4 * HB }],
    ],
    body,
  );
}

/**
 * gruForwardGates(xw, xwStride, inner, innerStride, bias, gates, h, hPrev, seqStride, resetH,
 * rhStep, rows): z and r gates from xw + h·U_zr (inner [rows, 2H]) + bias, stored; h₋₁ saved;
 * r·h₋₁ into resetH (steps with seqStride) and rhStep [rows, H].
 */
function gruForwardGates(H: number, gate: ActivationCode): WasmFunction {
  const [XW, XWS, IN, INS, BIAS, GATES, HST, HPREV, SEQ, RESETH, RHS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const b = new Builder(12, gate);
  const HB = 4 * H;
  const z = (k: number) => add(b.ld(XW, k * HB), b.ld(IN, k * HB), b.ld(BIAS, k * HB));
  const body = [
    ...b.st(GATES, 0, b.gateOf(z(0))),
    ...b.st(GATES, HB, [...b.gateOf(z(1)), ...b.tee('r')]),
    ...b.st(HPREV, 0, [...b.ld(HST, 0), ...b.tee('hp')]),
    ...b.st(RESETH, 0, [...mul(b.get('r'), b.get('hp')), ...b.tee('rh')]),
    ...b.st(RHS, 0, b.get('rh')),
  ];
  return b.fn(
    'gruForwardGates',
    HB & ~15,
    [
      [XW, XWS],
      [GATES, XWS],
      [IN, INS],
      [HST, { bytes: HB }],
      [HPREV, SEQ],
      [RESETH, SEQ],
      [RHS, { bytes: HB }],
    ],
    body,
  );
}

/**
 * gruForwardOutput(xw, xwStride, recH, recHStride, bias, gates, h, out, outStride, rows):
 * ĥ = tanh(xw_h + (r·h₋₁)·U_h + bias_h) stored, h = z·h₋₁ + (1 − z)·ĥ into h and out.
 */
function gruForwardOutput(H: number, gate: ActivationCode): WasmFunction {
  const [XW, XWS, RECH, RECHS, BIAS, GATES, HST, OUT, OUTS] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const b = new Builder(10, gate);
  const HB = 4 * H;
  const body = [
    ...b.st(GATES, 2 * HB, [
      ...b.tanh(add(b.ld(XW, 2 * HB), b.ld(RECH, 0), b.ld(BIAS, 2 * HB))),
      ...b.tee('hh'),
    ]),
    ...b.ld(GATES, 0),
    ...set(b.v('z')),
    ...b.st(HST, 0, [
      ...add(mul(b.get('z'), b.ld(HST, 0)), mul(sub(one(), b.get('z')), b.get('hh'))),
      ...b.tee('h'),
    ]),
    ...b.st(OUT, 0, b.get('h')),
  ];
  return b.fn(
    'gruForwardOutput',
    HB & ~15,
    [
      [XW, XWS],
      [GATES, XWS],
      [RECH, RECHS],
      [HST, { bytes: HB }],
      [OUT, OUTS],
    ],
    body,
  );
}

/**
 * gruBackwardUpdate(dy, dyStride, back, backStride, acc, gates, gatesStride, hPrev, seqStride, dz,
 * dzH, hStep, dzZR, dzZRStride, zrStep, rows): dh = dy + acc + back (acc [rows, H] and back carry
 * the gradient of h₋₁ from the step after); dz of ĥ into dz, dzH (seqStride) and hStep [rows, H];
 * dz of the update gate into dz, dzZR and zrStep [rows, 2H]; acc = dh·z.
 */
function gruBackwardUpdate(H: number, gate: ActivationCode): WasmFunction {
  const [DY, DYS, BACK, BACKS, ACC, GATES, GS, HPREV, SEQ, DZ, DZH, HSTEP, DZZR, ZRST, ZRSTEP] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
  ];
  const b = new Builder(16, gate);
  const HB = 4 * H;
  const body = [
    ...add(b.ld(DY, 0), b.ld(ACC, 0), b.ld(BACK, 0)),
    ...set(b.v('dh')),
    ...b.ld(GATES, 0),
    ...set(b.v('z')),
    ...b.ld(GATES, 2 * HB),
    ...set(b.v('hh')),
    ...b.st(DZ, 2 * HB, [
      ...mul(b.get('dh'), sub(one(), b.get('z')), sub(one(), mul(b.get('hh'), b.get('hh')))),
      ...b.tee('d'),
    ]),
    ...b.st(DZH, 0, b.get('d')),
    ...b.st(HSTEP, 0, b.get('d')),
    ...b.st(DZ, 0, [...mul(b.get('dh'), sub(b.ld(HPREV, 0), b.get('hh')), b.slopeOf('z')), ...b.tee('d')]),
    ...b.st(DZZR, 0, b.get('d')),
    ...b.st(ZRSTEP, 0, b.get('d')),
    ...b.st(ACC, 0, mul(b.get('dh'), b.get('z'))),
  ];
  return b.fn(
    'gruBackwardUpdate',
    HB & ~15,
    [
      [DY, DYS],
      [BACK, BACKS],
      [ACC, { bytes: HB }],
      [GATES, GS],
      [DZ, GS],
      [HPREV, SEQ],
      [DZH, SEQ],
      [HSTEP, { bytes: HB }],
      [DZZR, ZRST],
      [ZRSTEP, { bytes: 2 * HB }],
    ],
    body,
  );
}

/**
 * gruBackwardReset(dRH, dRHStride, acc, gates, gatesStride, hPrev, seqStride, dz, dzZR,
 * dzZRStride, zrStep, rows): from d(r·h₋₁) = dRH, the reset gate's dz into dz, dzZR and zrStep
 * (their second half), and acc += dRH·r.
 */
function gruBackwardReset(H: number, gate: ActivationCode): WasmFunction {
  const [DRH, DRHS, ACC, GATES, GS, HPREV, SEQ, DZ, DZZR, ZRST, ZRSTEP] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const b = new Builder(12, gate);
  const HB = 4 * H;
  const body = [
    ...b.ld(DRH, 0),
    ...set(b.v('drh')),
    ...b.ld(GATES, HB),
    ...set(b.v('r')),
    ...b.st(DZ, HB, [...mul(b.get('drh'), b.ld(HPREV, 0), b.slopeOf('r')), ...b.tee('d')]),
    ...b.st(DZZR, HB, b.get('d')),
    ...b.st(ZRSTEP, HB, b.get('d')),
    ...b.st(ACC, 0, add(b.ld(ACC, 0), mul(b.get('drh'), b.get('r')))),
  ];
  return b.fn(
    'gruBackwardReset',
    HB & ~15,
    [
      [DRH, DRHS],
      [ACC, { bytes: HB }],
      [GATES, GS],
      [DZ, GS],
      [HPREV, SEQ],
      [DZZR, ZRST],
      [ZRSTEP, { bytes: 2 * HB }],
    ],
    body,
  );
}

const BUILDERS: Record<KernelName, (H: number, gate: ActivationCode) => WasmFunction> = {
  lstmForward,
  lstmBackward,
  gruForwardGates,
  gruForwardOutput,
  gruBackwardUpdate,
  gruBackwardReset,
};

/** The six step kernels for H units and one gate activation, as one module. */
export function recurrentStepModule(H: number, gate: ActivationCode, sharedMemory = false): Uint8Array {
  return wasmModule(
    Object.values(BUILDERS).map((build) => build(H, gate)),
    sharedMemory,
  );
}

/** tanh4(src, dst, bytes): dst = the kernels' SIMD tanh of src, four floats at a time; for tests. */
export function simdTanhModule(sharedMemory = false): Uint8Array {
  const [SRC, DST, END] = [0, 1, 2];
  const b = new Builder(3, SIGMOID);
  const body = [...get(DST), ...get(b.J), ...op.add, ...b.tanh(b.ld(SRC, 0)), ...op.v128StoreAt(0)];
  const code = forLoop(b.J, op.i32(0), get(END), op.i32(16), body);
  return wasmModule(
    [
      {
        name: 'tanh4',
        params: [I32, I32, I32],
        locals: [
          [2, I32],
          [2, V128],
        ],
        code,
      },
    ],
    sharedMemory,
  );
}

// --- The JavaScript mirrors: the same kernels over units [u0, H), reading the heap as floats. ---

type Mirror = (m: Float32Array, H: number, gate: ActivationCode, u0: number, a: number[]) => void;

const gateJs = (z: number, gate: ActivationCode): number =>
  gate === SIGMOID ? 0.5 + 0.5 * fastTanh(0.5 * z) : Math.min(1, Math.max(0, 0.2 * z + 0.5));
const slopeJs = (a: number, gate: ActivationCode): number =>
  gate === SIGMOID ? a * (1 - a) : a > 0 && a < 1 ? 0.2 : 0;

/** Calls `row(k, p)` for each row k with p[i] the float index of pointer i, advanced by its stride. */
function rowsOf(a: number[], strides: Array<number | { bytes: number }>, row: (p: number[]) => void): void {
  const p = a.map((x) => x >> 2);
  const rows = a[a.length - 1]!;
  for (let k = 0; k < rows; k++) {
    row(p);
    strides.forEach((s, i) => {
      if (s !== 0) p[i] = p[i]! + ((typeof s === 'number' ? a[s]! : s.bytes) >> 2);
    });
  }
}

const MIRRORS: Record<KernelName, Mirror> = {
  lstmForward(m, H, gate, u0, a) {
    // Pointer i advances by the stride named for it (0: stays).
    const strides = [1, 0, 3, 0, 0, 1, 7, 0, 9, 0, 9, 9, { bytes: 4 * H }, 14, 0];
    rowsOf(a, strides, ([xw, , rec, , bias, g, cp, , cells, , tc, hp, hs, out]) => {
      for (let u = u0; u < H; u++) {
        const z = (k: number) => m[xw! + k * H + u]! + m[rec! + k * H + u]! + m[bias! + k * H + u]!;
        m[g! + u] = gateJs(z(0), gate);
        m[g! + H + u] = gateJs(z(1), gate);
        m[g! + 2 * H + u] = fastTanh(z(2));
        m[g! + 3 * H + u] = gateJs(z(3), gate);
        m[cells! + u] = m[g! + H + u]! * m[cp! + u]! + m[g! + u]! * m[g! + 2 * H + u]!;
        m[tc! + u] = fastTanh(m[cells! + u]!);
        m[hp! + u] = m[hs! + u]!;
        m[hs! + u] = m[g! + 3 * H + u]! * m[tc! + u]!;
        m[out! + u] = m[hs! + u]!;
      }
    });
  },
  lstmBackward(m, H, gate, u0, a) {
    const strides = [1, 0, 3, 0, 5, 0, 7, 0, 9, 0, { bytes: 4 * H }, 5, { bytes: 16 * H }];
    rowsOf(a, strides, ([dy, , dhr, , g, , cp, , tc, , dcc, dz, dzs]) => {
      for (let u = u0; u < H; u++) {
        const dh = m[dhr! + u]! + m[dy! + u]!;
        const [i, f, gg, o] = [m[g! + u]!, m[g! + H + u]!, m[g! + 2 * H + u]!, m[g! + 3 * H + u]!];
        const t = m[tc! + u]!;
        const dc = m[dcc! + u]! + dh * o * (1 - t * t);
        m[dcc! + u] = dc * f;
        const d = [
          dc * gg * slopeJs(i, gate),
          dc * m[cp! + u]! * slopeJs(f, gate),
          dc * i * (1 - gg * gg),
          dh * t * slopeJs(o, gate),
        ];
        for (let k = 0; k < 4; k++) m[dz! + k * H + u] = m[dzs! + k * H + u] = d[k]!;
      }
    });
  },
  gruForwardGates(m, H, gate, u0, a) {
    const strides = [1, 0, 3, 0, 0, 1, { bytes: 4 * H }, 8, 0, 8, { bytes: 4 * H }];
    rowsOf(a, strides, ([xw, , inner, , bias, g, hs, hp, , rh, rhs]) => {
      for (let u = u0; u < H; u++) {
        const z = (k: number) => m[xw! + k * H + u]! + m[inner! + k * H + u]! + m[bias! + k * H + u]!;
        m[g! + u] = gateJs(z(0), gate);
        m[g! + H + u] = gateJs(z(1), gate);
        m[hp! + u] = m[hs! + u]!;
        m[rh! + u] = m[rhs! + u] = m[g! + H + u]! * m[hp! + u]!;
      }
    });
  },
  gruForwardOutput(m, H, _gate, u0, a) {
    const strides = [1, 0, 3, 0, 0, 1, { bytes: 4 * H }, 8, 0];
    rowsOf(a, strides, ([xw, , rec, , bias, g, hs, out]) => {
      for (let u = u0; u < H; u++) {
        m[g! + 2 * H + u] = fastTanh(m[xw! + 2 * H + u]! + m[rec! + u]! + m[bias! + 2 * H + u]!);
        const z = m[g! + u]!;
        m[hs! + u] = z * m[hs! + u]! + (1 - z) * m[g! + 2 * H + u]!;
        m[out! + u] = m[hs! + u]!;
      }
    });
  },
  gruBackwardUpdate(m, H, gate, u0, a) {
    const W = { bytes: 4 * H };
    const strides = [1, 0, 3, 0, W, 6, 0, 8, 0, 6, 8, W, 13, 0, { bytes: 8 * H }];
    rowsOf(a, strides, ([dy, , back, , acc, g, , hp, , dz, dzh, hstep, dzzr, , zrstep]) => {
      for (let u = u0; u < H; u++) {
        const dh = m[dy! + u]! + m[acc! + u]! + m[back! + u]!;
        const z = m[g! + u]!;
        const hh = m[g! + 2 * H + u]!;
        m[dz! + 2 * H + u] = m[dzh! + u] = m[hstep! + u] = dh * (1 - z) * (1 - hh * hh);
        m[dz! + u] = m[dzzr! + u] = m[zrstep! + u] = dh * (m[hp! + u]! - hh) * slopeJs(z, gate);
        m[acc! + u] = dh * z;
      }
    });
  },
  gruBackwardReset(m, H, gate, u0, a) {
    const strides = [1, 0, { bytes: 4 * H }, 4, 0, 6, 0, 4, 9, 0, { bytes: 8 * H }];
    rowsOf(a, strides, ([drh, , acc, g, , hp, , dz, dzzr, , zrstep]) => {
      for (let u = u0; u < H; u++) {
        const d = m[drh! + u]!;
        const r = m[g! + H + u]!;
        m[dz! + H + u] = m[dzzr! + H + u] = m[zrstep! + H + u] = d * m[hp! + u]! * slopeJs(r, gate);
        m[acc! + u] = m[acc! + u]! + d * r;
      }
    });
  },
};

let simdEnabled = true;

/** Turns the SIMD step kernels off (false: every unit takes the JavaScript mirror); for tests. Returns the previous setting. */
export function setRecurrentSimd(on: boolean): boolean {
  const before = simdEnabled;
  simdEnabled = on;
  return before;
}

const modules = new WeakMap<WasmMemory, Map<string, Record<string, unknown> | null>>();

function simdExports(memory: WasmMemory, H: number, gate: ActivationCode): Record<string, unknown> | null {
  let byShape = modules.get(memory);
  if (byShape === undefined) modules.set(memory, (byShape = new Map()));
  const key = `${H},${gate}`;
  if (!byShape.has(key))
    byShape.set(
      key,
      instantiateOnHeap(memory, (shared) => recurrentStepModule(H, gate, shared)),
    );
  return byShape.get(key)!;
}

/**
 * The step kernels of a layer with H units on this backend's heap: SIMD for units [0, 4·⌊H/4⌋)
 * where the heap allows, the JavaScript mirror for the rest. Arguments are byte offsets and strides.
 */
export function stepKernelsFor(backend: unknown, H: number, gate: ActivationCode): StepKernels {
  const memory = wasmHeapOf(backend);
  if (memory === undefined) throw new Error('fused recurrent: no wasm heap on this backend');
  const simd = simdEnabled && H >= 4 ? simdExports(memory, H, gate) : null;
  const u0 = simd === null ? 0 : H & ~3;
  const kernels = {} as StepKernels;
  for (const name of Object.keys(BUILDERS) as KernelName[]) {
    const vector = simd?.[name] as ((...args: number[]) => void) | undefined;
    const mirror = MIRRORS[name];
    kernels[name] = (...args: number[]) => {
      if (vector !== undefined) vector(...args);
      if (u0 < H) mirror(new Float32Array(memory.buffer), H, gate, u0, args);
    };
  }
  return kernels;
}
