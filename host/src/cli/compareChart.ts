import path from 'node:path';
import {
  formatValue,
  renderMetricChartSvg,
  type ChartRun,
  type MetricChartOptions,
  type SweepState,
  type VariantRecord,
} from '../../../graph-core/src/experiments';
import { readRunFolderDetail } from '../../../graph-core/src/runs';
import { writeFileAtomic } from '../fs/atomic-write';
import { nodeRunFolderFiles } from '../fs/run-folder-files';

export const SWEEP_CHART_FILE = 'comparison.svg';

/** A run folder's per-epoch curves; a run without metrics.jsonl yet draws as no line, not an error. */
export async function readRunCurves(runDir: string, label: string): Promise<ChartRun> {
  const { metrics } = await readRunFolderDetail(nodeRunFolderFiles(runDir), { id: path.basename(runDir) });
  return { label, rows: metrics };
}

/**
 * The sweep title already names what varies, so a one-param sweep's legend shows only the values
 * ("relu", not "a1.activation=relu"); repeats keep their seed to tell the lines apart.
 */
export function legendLabel(state: SweepState, v: VariantRecord): string {
  const [only] = v.assignments;
  if (v.assignments.length !== 1 || only === undefined) return v.label;
  const value = only.text ?? formatValue(only.value);
  return (state.spec.repeats ?? 1) > 1 ? `${value}, seed ${v.seed}` : value;
}

export async function sweepChartRuns(dir: string, state: SweepState): Promise<ChartRun[]> {
  const runs: ChartRun[] = [];
  for (const v of state.variants) {
    if (!v.runDir || (v.status !== 'done' && v.status !== 'failed')) continue;
    runs.push(await readRunCurves(path.join(dir, v.runDir), legendLabel(state, v)));
  }
  return runs;
}

export async function writeChart(
  file: string,
  runs: readonly ChartRun[],
  options: MetricChartOptions,
): Promise<void> {
  await writeFileAtomic(file, renderMetricChartSvg(runs, options), { backup: false });
}

/** comparison.svg in the sweep folder: validation accuracy and loss of every finished variant. */
export async function writeSweepChart(dir: string, state: SweepState): Promise<void> {
  await writeChart(path.join(dir, SWEEP_CHART_FILE), await sweepChartRuns(dir, state), {
    title: state.name,
  });
}
