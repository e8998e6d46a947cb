import type { GraphDocument } from '../../../../graph-core/src/document';
import { diffGraphs, formatValue } from '../../../../graph-core/src/experiments';
import type { RunListing } from '../../../../host/src/contract';

/** One line of the Runs panel, read from a run's listing (meta.json + summary.json). */
export interface RunRow {
  id: string;
  name: string;
  projectName: string;
  status: string;
  createdAt: string;
  durationMs: number | null;
  backend: string | null;
  final: Record<string, number | null>;
  tags: readonly string[];
  note: string;
  sweepId: string | null;
  trashed: boolean;
  hasModel: boolean;
  hasCheckpoint: boolean;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function toRunRow(listing: RunListing): RunRow {
  const s = listing.summary ?? {};
  const finalRaw = typeof s.final === 'object' && s.final !== null && !Array.isArray(s.final) ? s.final : {};
  const final: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(finalRaw)) final[k] = num(v);
  return {
    id: listing.id,
    name: listing.meta.name,
    projectName: listing.meta.projectName,
    // A run with no summary yet is still training (or was cut off before writing one).
    status: typeof s.status === 'string' ? s.status : 'running',
    createdAt: listing.meta.createdAt,
    durationMs: num(s.durationMs),
    backend: typeof s.backend === 'string' ? s.backend : null,
    final,
    tags: listing.meta.tags,
    note: listing.meta.note,
    sweepId: listing.meta.sweepId,
    trashed: listing.trashed,
    hasModel: listing.hasModel,
    hasCheckpoint: listing.hasCheckpoint,
  };
}

/** Newest first: run ids start with a sortable time stamp, but createdAt is the truth. */
export function sortRows(rows: readonly RunRow[]): RunRow[] {
  return [...rows].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

/**
 * What a run did differently from the graph on the canvas, as short chips: `a1.activation=sigmoid`
 * (the run's value), `+drop` (a node only the run had), `−flat` (a node only the canvas has).
 */
export function differencesFromCurrent(current: GraphDocument, run: GraphDocument): string[] {
  const d = diffGraphs(current, run);
  const chips: string[] = [];
  for (const c of d.nodes.changed) {
    if (c.type) chips.push(`${c.id}: ${c.type.after}`);
    else for (const p of c.params) chips.push(`${c.id}.${p.field}=${formatValue(p.after)}`);
  }
  for (const n of d.nodes.added) chips.push(`+${n.id}`);
  for (const n of d.nodes.removed) chips.push(`−${n.id}`);
  if (d.edges.added.length + d.edges.removed.length > 0 && chips.length === 0) chips.push('rewired');
  return chips;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const min = Math.floor(ms / 60_000);
  return min < 60
    ? `${min} min ${Math.round((ms % 60_000) / 1000)} s`
    : `${Math.floor(min / 60)} h ${min % 60} min`;
}

/** `2025-01-02 13:04` in local time. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Tags typed as `a, b  c` → ['a', 'b', 'c'], without duplicates or empties. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\s]+/)
        .map((t) => t.trim())
        .filter((t) => t.length > 0 && t.length <= 60),
    ),
  ];
}

/**
 * A run folder says `running` from its first epoch until its trainer writes the end; if no trainer
 * here is on it, the app or its worker died mid-run, and the row says so (it can be continued).
 */
export function markInterrupted(row: RunRow, isLive: (runId: string) => boolean): RunRow {
  return row.status === 'running' && !isLive(row.id) ? { ...row, status: 'interrupted' } : row;
}

/**
 * The epoch a run's checkpoint holds. The app's trainer checkpoints after every epoch but the last
 * (the final weights go to model/ instead) and again when stopped, so a completed run's checkpoint
 * is one epoch short of its metrics; a stopped or diverged run's is at its last recorded epoch.
 */
export function checkpointEpoch(summary: Record<string, unknown> | null, epochsRecorded: number): number {
  const status = summary?.status;
  return Math.max(0, status === 'completed' ? epochsRecorded - 1 : epochsRecorded);
}
