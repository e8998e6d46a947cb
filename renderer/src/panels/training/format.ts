/** Small display helpers for the training views. */
export function fmtMetric(v: number | null | undefined, digits = 4): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);
}

export function fmtPercent(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;
}

export function fmtDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Tenths of a second below a minute (a 0.3 s run and a 2.5 s wait must not both read "0 s"). */
export function fmtSeconds(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : fmtDuration(ms);
}

export function fmtRate(v: number | null): string {
  return v === null ? '—' : `${Math.round(v).toLocaleString('en-US')} samples/s`;
}
