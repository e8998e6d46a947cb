import type { BenchSection } from './contract';

/** Prints a section as an aligned plain-text table (numbers right-aligned). */
export function renderSection(section: BenchSection): string {
  const cells = [section.header, ...section.rows.map((r) => r.map(String))];
  const widths = section.header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((v, c) => (/^[-\d.,×%]+$/.test(v) ? v.padStart(widths[c]!) : v.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  const out = [`\n## ${section.title}`, line(section.header), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of cells.slice(1)) out.push(line(r));
  for (const note of section.notes ?? []) out.push(`  * ${note}`);
  return out.join('\n');
}

/** Accepts what a section module may return: a section, a flat record of numbers, or text. */
export function toSection(title: string, value: unknown): BenchSection | string | null {
  if (value == null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'header' in value && 'rows' in value) return value as BenchSection;
  if (typeof value === 'object') {
    const rows = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]);
    return { title, header: ['metric', 'value'], rows };
  }
  return String(value);
}

export const fmt = (n: number | undefined, digits = 0): string =>
  n === undefined || !Number.isFinite(n)
    ? '—'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
