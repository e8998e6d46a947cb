import path from 'node:path';
import {
  compareVariants,
  sweepVariantKey,
  variantSection,
  type SeedRun,
  type SweepState,
} from '../../../graph-core/src/experiments';
import { readRunFolderDetail, runCost } from '../../../graph-core/src/runs';
import { nodeRunFolderFiles } from '../fs/run-folder-files';

/** A run folder as the statistics read it: its curve and cost besides its final metrics. */
export async function readSeedRun(
  dir: string,
  run: { id: string; label: string; final: SeedRun['final']; durationMs?: number; status?: string },
  variant: { key: string; label: string },
): Promise<SeedRun> {
  const detail = await readRunFolderDetail(nodeRunFolderFiles(dir), { id: path.basename(dir) });
  return {
    id: run.id,
    label: run.label,
    variantKey: variant.key,
    variantLabel: variant.label,
    final: run.final,
    curve: detail.metrics,
    cost: runCost(detail),
    ...(run.durationMs !== undefined ? { durationMs: run.durationMs } : {}),
    ...(run.status !== undefined ? { status: run.status } : {}),
  };
}

/** A sweep's finished variants as seed runs, seeds of one combination grouped. */
export async function sweepSeedRuns(dir: string, state: SweepState): Promise<SeedRun[]> {
  const out: SeedRun[] = [];
  for (const v of state.variants) {
    if (!v.runDir || (v.status !== 'done' && v.status !== 'failed')) continue;
    out.push(
      await readSeedRun(
        path.join(dir, v.runDir),
        {
          id: v.id,
          label: v.label,
          final: v.final ?? {},
          ...(v.durationMs !== undefined ? { durationMs: v.durationMs } : {}),
          ...(v.runStatus !== undefined ? { status: v.runStatus } : {}),
        },
        sweepVariantKey(v.assignments),
      ),
    );
  }
  return out;
}

export { compareVariants, variantSection };
