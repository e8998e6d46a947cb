// Graph validation (analyzeGraph) time for 100 / 1,000 / 10,000-node graphs: the editor
// re-analyses on every edit, so this must stay far below a frame for graphs people draw.
import { analyzeGraph, makeChainGraph } from '../graph-core/src/analysis/index';
import type { BenchContext, BenchSection } from './contract';

function medianMs(fn: () => void, minRuns: number, budgetMs: number): number {
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || (performance.now() - start < budgetMs && times.length < 50)) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function run(_ctx: BenchContext): BenchSection {
  const rows = [100, 1_000, 10_000].map((n) => {
    const doc = makeChainGraph(n);
    const analysis = analyzeGraph(doc);
    const ms = medianMs(() => analyzeGraph(doc), 3, 2000);
    return [
      n.toLocaleString('en-US'),
      ms.toFixed(2),
      analysis.valid ? 'valid' : `INVALID: ${analysis.diagnostics.length} diagnostics`,
    ];
  });
  return { title: 'Graph validation (analyzeGraph, median)', header: ['nodes', 'ms', 'result'], rows };
}
