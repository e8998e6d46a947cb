import { useEffect, useState } from 'react';
import { parseProject } from '../../../../graph-core/src/document';
import type { GraphDocument } from '../../../../graph-core/src/document';
import type { RunResult } from '../../../../graph-core/src/experiments';
import { runCost, type RunCost } from '../../../../graph-core/src/runs';
import type { HostApi } from '../../../../host/src/contract';
import type { RunCurves } from './curves';

export interface ComparedRun {
  result: RunResult;
  curves: RunCurves;
  graph: GraphDocument | null;
  cost: RunCost | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

async function load(host: HostApi, runId: string): Promise<ComparedRun> {
  const run = await host.readRun({ runId });
  const s = run.summary ?? {};
  const finalRaw = typeof s.final === 'object' && s.final !== null && !Array.isArray(s.final) ? s.final : {};
  const final: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(finalRaw)) final[k] = num(v);
  const parsed = run.graph === null ? null : parseProject(run.graph);
  const duration = num(s.durationMs);
  return {
    result: {
      id: run.id,
      label: run.meta.name,
      status: typeof s.status === 'string' ? s.status : 'running',
      ...(duration !== null ? { durationMs: duration } : {}),
      ...(typeof s.backend === 'string' ? { backend: s.backend } : {}),
      final,
    },
    curves: { id: run.id, label: run.meta.name, metrics: run.metrics },
    graph: parsed?.ok ? parsed.doc : null,
    cost: runCost({ summaryJson: s }),
  };
}

/** The selected runs, read through the host; re-read when the selection changes or `version` bumps. */
export function useCompareData(host: HostApi, ids: readonly string[], version: number) {
  const [runs, setRuns] = useState<ComparedRun[]>([]);
  const [error, setError] = useState<string | null>(null);
  const key = ids.join('|');
  useEffect(() => {
    let live = true;
    Promise.allSettled(ids.map((id) => load(host, id))).then((results) => {
      if (!live) return;
      setRuns(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])));
      const failed = results.filter((r) => r.status === 'rejected').length;
      setError(failed > 0 ? `${failed} run${failed === 1 ? '' : 's'} could not be read (deleted?)` : null);
    });
    return () => {
      live = false;
    };
    // `key` stands for `ids`, whose identity changes on every selection update.
  }, [host, key, version]);
  return { runs, error };
}
