// Numbers as every message and panel shows them (one place, so the CLI, the app and the
// importers write "100,480" the same way).

/** 100480 → "100,480"; with `compact`, 12345 → "12.3k" and 1234567 → "1.23M". */
export function formatCount(n: number, compact = false): string {
  if (compact && n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (compact && n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return n.toLocaleString('en-US');
}
