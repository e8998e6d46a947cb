// What every bench section returns, so that sections written by different helpers (editor,
// browser training) print in one table style. A section module exports `run(ctx)` (or a default
// function) returning a BenchSection, or a string, or nothing when it prints by itself.
export interface BenchSection {
  title: string;
  header: string[];
  rows: (string | number)[][];
  notes?: string[];
}

export interface BenchContext {
  /** Seconds each training measurement runs after its warm-up. */
  seconds: number;
  /** Warm-up seconds before each training measurement. */
  warmup: number;
  /** Repository root (absolute). */
  root: string;
  /** Samples/s measured earlier in this run, keyed `${model}/${backend}` (tfjs) or `${model}/pytorch`. */
  results: Map<string, number>;
  log: (line: string) => void;
}

export type BenchModule = {
  run?: (ctx: BenchContext) => Promise<unknown> | unknown;
  default?: (ctx: BenchContext) => Promise<unknown> | unknown;
};
