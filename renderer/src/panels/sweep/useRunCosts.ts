import { useEffect, useState } from 'react';
import { runCost, type RunCost } from '../../../../graph-core/src/runs';
import type { HostApi } from '../../../../host/src/contract';

/**
 * The recorded cost (params, FLOPs, training time, inference latency) of each finished run, read
 * from its summary.json through the host. A run is read once; runs that finish later are read when
 * they appear. A run that cannot be read (deleted) or has no cost (trained before costs were
 * recorded) maps to null.
 */
export function useRunCosts(host: HostApi, runIds: readonly string[]): ReadonlyMap<string, RunCost | null> {
  const [costs, setCosts] = useState<ReadonlyMap<string, RunCost | null>>(new Map());
  const key = runIds.join('|');
  useEffect(() => {
    const missing = runIds.filter((id) => !costs.has(id));
    if (missing.length === 0) return;
    let live = true;
    void Promise.all(
      missing.map((runId) =>
        host
          .readRun({ runId })
          .then((run) => [runId, runCost({ summaryJson: run.summary })] as const)
          .catch(() => [runId, null] as const),
      ),
    ).then((read) => {
      if (!live) return;
      setCosts((before) => new Map([...before, ...read]));
    });
    return () => {
      live = false;
    };
    // `key` stands for `runIds`; `costs` only says what was read already.
  }, [host, key]);
  return costs;
}
