import type { CsvTable } from './table';

export type ColumnKind = 'number' | 'category';

/** Cells that mean "no value"; they become NaN in numeric columns and are counted as missing. */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', '?']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function isMissingCell(cell: string): boolean {
  return MISSING.has(cell.trim().toLowerCase());
}

/** The number a cell holds, or null when it is not a plain decimal number (hex, "1,5" and "" are not). */
export function parseNumberCell(cell: string): number | null {
  const t = cell.trim();
  return NUMBER.test(t) ? Number(t) : null;
}

export interface ColumnProfile {
  name: string;
  kind: ColumnKind;
  numeric: number;
  missing: number;
  /** Non-missing cells that are not numbers. */
  nonNumeric: number;
  /** Distinct non-missing values (trimmed). */
  distinct: number;
}

/**
 * A column is numeric when at least 95% of its non-missing cells are numbers: the few that are not
 * are then reported as errors, which is more useful than silently treating a typo'd column as text.
 */
const NUMERIC_SHARE = 0.95;

export function profileColumns(table: CsvTable): ColumnProfile[] {
  return table.columns.map((name, c) => {
    let numeric = 0;
    let missing = 0;
    let nonNumeric = 0;
    const values = new Set<string>();
    for (const row of table.rows) {
      const cell = row[c] ?? '';
      if (isMissingCell(cell)) {
        missing += 1;
        continue;
      }
      values.add(cell.trim());
      if (parseNumberCell(cell) === null) nonNumeric += 1;
      else numeric += 1;
    }
    const present = numeric + nonNumeric;
    const kind: ColumnKind = numeric > 0 && numeric >= NUMERIC_SHARE * present ? 'number' : 'category';
    return { name, kind, numeric, missing, nonNumeric, distinct: values.size };
  });
}
