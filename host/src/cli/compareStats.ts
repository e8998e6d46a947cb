import path from 'node:path';
import {
  compareVariants,
  sweepVariantKey,
  tableToCsv,
  tableToMarkdown,
  tableToText,
  variantNotes,
  variantTable,
  type ComparisonTable,
  type CostAxis,
  type SeedRun,
  type SweepState,
  type VariantComparison,
} from '../../../graph-core/src/experiments';
import { readRunFolderDetail, runCost } from '../../../graph-core/src/runs';
import { nodeRunFolderFiles } from '../fs/run-folder-files';

/** A run folder as the statistics read it: its curve and cost besides its final metrics. */
export async function readSeedRun(
  dir: string,
  run: { id: string; label: string; final: SeedRun['final']; durationMs?: number },
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
        },
        sweepVariantKey(v.assignments),
      ),
    );
  }
  return out;
}

type Format = 'text' | 'md' | 'csv';
const render = (t: ComparisonTable, f: Format) =>
  f === 'md' ? tableToMarkdown(t) : f === 'csv' ? tableToCsv(t) : tableToText(t);

/** The variants section of a comparison (text or Markdown): the table, what it measures, the verdicts. */
export function variantSection(
  cmp: VariantComparison,
  format: Exclude<Format, 'csv'>,
  axis: CostAxis,
): string {
  const seeds = cmp.variants.map((v) => v.runIds.length);
  const lo = Math.min(...seeds);
  const hi = Math.max(...seeds);
  const each = lo === hi ? `${lo} seed${lo === 1 ? '' : 's'} each` : `${lo}–${hi} seeds each`;
  const title = `Variants by mean ${cmp.metric}, best first (${each})`;
  const head = format === 'md' ? `## ${title}\n\n` : `${title}:\n\n`;
  return `${head}${render(variantTable(cmp, axis), format)}\n${variantNotes(cmp).join('\n')}\n`;
}

export { compareVariants, render as renderTable, type Format };
