import type { Delimiter } from './tokenize';

export interface CsvWriteOptions {
  delimiter: Delimiter;
  lineEnding: '\n' | '\r\n' | '\r';
  /** Quote every field, not only those that need it. */
  quoteAll?: boolean;
  bom?: boolean;
  /** End the last row with a line break too. */
  trailingNewline?: boolean;
}

function needsQuotes(field: string, delimiter: string): boolean {
  return field.includes(delimiter) || field.includes('"') || field.includes('\n') || field.includes('\r');
}

/** Writes rows as CSV; used for exports and to round-trip the reader in property tests. */
export function formatCsv(rows: readonly (readonly string[])[], options: CsvWriteOptions): string {
  const { delimiter, lineEnding } = options;
  const lines = rows.map((row) =>
    row
      .map((f) =>
        options.quoteAll || needsQuotes(f, delimiter) || (row.length === 1 && f === '')
          ? `"${f.replace(/"/g, '""')}"`
          : f,
      )
      .join(delimiter),
  );
  return (options.bom ? '\ufeff' : '') + lines.join(lineEnding) + (options.trailingNewline ? lineEnding : '');
}
