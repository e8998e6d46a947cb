import type { ComparisonTable, TableColumn } from './compare';

const escapeMarkdown = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A GitHub-flavoured Markdown table; best values in bold, numbers right-aligned. */
export function tableToMarkdown(table: ComparisonTable): string {
  const align = (c: TableColumn) =>
    c.kind === 'metric' || c.kind === 'rank' || c.key === 'durationMs' ? '---:' : '---';
  const lines = [
    `| ${table.columns.map((c) => escapeMarkdown(c.label)).join(' | ')} |`,
    `| ${table.columns.map(align).join(' | ')} |`,
    ...table.rows.map(
      (r) =>
        `| ${r.cells.map((cell) => (cell.best ? `**${escapeMarkdown(cell.text)}**` : escapeMarkdown(cell.text))).join(' | ')} |`,
    ),
  ];
  return lines.join('\n') + '\n';
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * RFC 4180 CSV with raw values (full precision, durations in ms), for spreadsheets; a trailing
 * `best` column lists the columns where the row holds the best value, since CSV has no bold.
 */
export function tableToCsv(table: ComparisonTable): string {
  const header = [...table.columns.map((c) => (c.key === 'durationMs' ? 'duration_ms' : c.key)), 'best'];
  const lines = [header.map(csvField).join(',')];
  for (const r of table.rows) {
    const fields = r.cells.map((cell) => {
      const v = cell.value;
      if (v === undefined || v === null) return '';
      return typeof v === 'string'
        ? v
        : typeof v === 'number' || typeof v === 'boolean'
          ? String(v)
          : JSON.stringify(v);
    });
    const best = r.cells.flatMap((cell, i) => (cell.best ? [table.columns[i]?.key ?? ''] : [])).join(' ');
    lines.push([...fields, best].map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** An aligned plain-text table for terminals; a `*` marks the best value of a column. */
export function tableToText(table: ComparisonTable): string {
  const right = (c: TableColumn) => c.kind === 'metric' || c.kind === 'rank' || c.key === 'durationMs';
  // Columns with a best value keep one place for the star, so right-aligned numbers still line up.
  const starred = table.columns.map((_, i) => table.rows.some((r) => r.cells[i]?.best));
  const grid = [
    table.columns.map((c, i) => (starred[i] && right(c) ? `${c.label} ` : c.label)),
    ...table.rows.map((r) =>
      r.cells.map((cell, i) => (cell.best ? `${cell.text}*` : starred[i] ? `${cell.text} ` : cell.text)),
    ),
  ];
  const widths = table.columns.map((_, i) => Math.max(...grid.map((row) => [...(row[i] ?? '')].length)));
  const pad = (s: string, i: number) => {
    const col = table.columns[i] as TableColumn;
    const gap = ' '.repeat((widths[i] ?? 0) - [...s].length);
    return right(col) ? gap + s : s + gap;
  };
  const lines = grid.map((row) => row.map(pad).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  const marked = table.rows.some((r) => r.cells.some((c) => c.best));
  return lines.join('\n') + '\n' + (marked ? '* best in its column\n' : '');
}
