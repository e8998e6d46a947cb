import { useCallback, useEffect, useRef, useState } from 'react';
import { parseProject } from '../../../../graph-core/src/document';
import type { GraphDocument } from '../../../../graph-core/src/document';
import type { HostApi } from '../../../../host/src/contract';
import { isRunLive } from '../../training/useTraining';
import { markInterrupted, sortRows, toRunRow, type RunRow } from './runRows';

export interface RunsQuery {
  /** Only runs of this project; null for every project. */
  projectName: string | null;
  trashed: boolean;
}

/** How many runs get their graph read for the "differs from the canvas" column. */
const GRAPH_LIMIT = 40;
const POLL_MS = 5000;

/**
 * The runs of the workspace, refreshed every few seconds while the panel is open (training in the
 * app and sweeps add runs), with each run's graph read once and cached.
 */
export function useRuns(host: HostApi, query: RunsQuery) {
  const [rows, setRows] = useState<RunRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [graphs, setGraphs] = useState<ReadonlyMap<string, GraphDocument | null>>(new Map());
  const asked = useRef(new Set<string>());

  const refresh = useCallback(async () => {
    try {
      const r = await host.listRuns({
        trashed: query.trashed,
        ...(query.projectName !== null ? { projectName: query.projectName } : {}),
      });
      setRows(sortRows(r.runs.map((run) => markInterrupted(toRunRow(run), isRunLive))));
      setError(null);
    } catch (e) {
      setError(`Cannot list runs: ${(e as Error).message}`);
    }
  }, [host, query.projectName, query.trashed]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  useEffect(() => {
    const wanted = rows
      .slice(0, GRAPH_LIMIT)
      .filter((r) => !asked.current.has(r.id) && !r.trashed && r.status !== 'running');
    for (const r of wanted) {
      asked.current.add(r.id);
      host.readRun({ runId: r.id }).then(
        (run) => {
          const parsed = run.graph === null ? null : parseProject(run.graph);
          setGraphs((g) => new Map(g).set(r.id, parsed?.ok ? parsed.doc : null));
        },
        () => setGraphs((g) => new Map(g).set(r.id, null)),
      );
    }
  }, [host, rows]);

  return { rows, graphs, error, refresh };
}
