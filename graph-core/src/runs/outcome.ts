import type { FinalMetrics, RunOutcome } from '../experiments/sweepState';
import type { RunFolder } from './read';
import { runCostSchema, type RunCost } from './schema';

/**
 * How a run ended, for sweeps and comparisons: from summary.json, also when its schema refuses it
 * (a status is enough); undefined while it has no summary (never started, or torn by a kill).
 */
export function runOutcome(run: Pick<RunFolder, 'summaryJson'>): RunOutcome | undefined {
  const s = run.summaryJson;
  if (!s || typeof s.status !== 'string') return undefined;
  return {
    runStatus: s.status,
    ...(typeof s.final === 'object' && s.final !== null ? { final: s.final as FinalMetrics } : {}),
    ...(typeof s.durationMs === 'number' ? { durationMs: s.durationMs } : {}),
    ...(typeof s.message === 'string' && s.status === 'failed' ? { error: s.message } : {}),
  };
}

/** What the run cost, from summary.json; null for runs written before costs were recorded. */
export function runCost(run: Pick<RunFolder, 'summaryJson'>): RunCost | null {
  const parsed = runCostSchema.safeParse(run.summaryJson?.cost);
  return parsed.success ? parsed.data : null;
}
