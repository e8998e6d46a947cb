// The one backend chooser's decisions, shared by the CLI (Node) and the app's training worker: the
// candidate order, which candidates `auto` probes given what this environment has, which backends
// to try in turn when the chosen one fails to start, and the reason text. Pure: each side only
// finds out what it has (Dawn in Node; navigator.gpu, OffscreenCanvas/WebGL in the worker) and
// starts backends.
import type { BackendProbe } from './probe-cache';

/** Every backend Layerloom trains on, fastest-first by expectation. */
export const BACKEND_ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_ORDER)[number];

/** Starts the error of a candidate `auto` left out (e.g. webgpu without a GPU), before its reason. */
export const NOT_PROBED = 'not probed: ';

/**
 * What an environment offers: the backends it can load at all (the CLI has no webgl), and for each
 * one it has but that `auto` should not probe, why (no GPU adapter, only a software one).
 */
export interface BackendAvailability {
  present: readonly BackendName[];
  unusable?: Partial<Record<BackendName, string>>;
}

export function isBackendName(value: unknown): value is BackendName {
  return (BACKEND_ORDER as readonly unknown[]).includes(value);
}

/**
 * What `auto` probes, in BACKEND_ORDER, and what it leaves out with why (as probe entries whose
 * error starts with NOT_PROBED, so reports list them beside the measured ones).
 */
export function autoCandidates(available: BackendAvailability): {
  candidates: BackendName[];
  skipped: BackendProbe[];
} {
  const candidates: BackendName[] = [];
  const skipped: BackendProbe[] = [];
  for (const b of BACKEND_ORDER) {
    if (!available.present.includes(b)) continue;
    const why = available.unusable?.[b];
    if (why === undefined) candidates.push(b);
    else skipped.push({ backend: b, ok: false, error: `${NOT_PROBED}${why}` });
  }
  return { candidates, skipped };
}

/**
 * The backends to start in turn: the chosen one (the probe's winner, or the one the user named),
 * then every slower one the environment has. `cpu` is last and always present. A backend the
 * environment lacks, or one `auto` left out, is tried only when named.
 */
export function startOrder(chosen: BackendName, available: BackendAvailability): BackendName[] {
  const rest = BACKEND_ORDER.slice(BACKEND_ORDER.indexOf(chosen) + 1).filter(
    (b) => b === 'cpu' || (available.present.includes(b) && available.unusable?.[b] === undefined),
  );
  return [chosen, ...rest];
}

/**
 * Why the run trains on `landed`: `how` the first choice was made when it started, else that it
 * fell back from `chosen`, naming every failure on the way.
 */
export function startReason(
  chosen: BackendName,
  landed: BackendName,
  how: string,
  failures: readonly string[],
): string {
  if (landed === chosen && failures.length === 0) return how;
  return `fell back from ${chosen} (${how}): ${failures.join('; ')}`;
}

/** The reason when probing itself failed: the run goes on cpu, the backend every environment has. */
export function probeFailedReason(error: unknown): string {
  return `probe failed (${error instanceof Error ? error.message : String(error)}); using cpu`;
}
