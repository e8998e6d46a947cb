import { capIssues, dataError, formatCount, type DataIssue, type DataResult } from '../issues';
import { detectDelimiter, delimiterName } from './detect';
import { parseNumberCell } from './infer';
import { stripBom, tokenizeCsv, type Delimiter } from './tokenize';
import { excerpt } from '../excerpt';

export interface CsvLimits {
  /** Characters of text (about bytes for ASCII files). */
  maxChars: number;
  /** Data rows, header excluded. */
  maxRows: number;
  maxColumns: number;
}

export const DEFAULT_CSV_LIMITS: CsvLimits = { maxChars: 64_000_000, maxRows: 500_000, maxColumns: 2_000 };

export interface CsvTableOptions {
  /** Detected from the first rows when 'auto' or absent. */
  delimiter?: Delimiter | 'auto';
  /** 'auto': the first row is a header when none of its cells is empty or a number. */
  header?: boolean | 'auto';
  limits?: Partial<CsvLimits>;
}

/** A CSV file split into cells, before any typing. */
export interface CsvTable {
  delimiter: Delimiter;
  hasHeader: boolean;
  hadBom: boolean;
  /** Column names: the header, or "column 1", "column 2", … without one. */
  columns: string[];
  rows: string[][];
  /** Physical line where each row starts (same order as `rows`). */
  lines: number[];
}

function looksLikeHeader(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() !== '' && parseNumberCell(f) === null);
}

export function readCsvTable(input: string, options: CsvTableOptions = {}): DataResult<CsvTable> {
  const limits = { ...DEFAULT_CSV_LIMITS, ...options.limits };
  if (input.length > limits.maxChars) {
    const mb = (input.length / 1e6).toFixed(1);
    return fail([
      dataError(
        `The file is too large (${mb} MB); CSV import takes at most ${formatCount(limits.maxChars / 1e6)} MB.`,
      ),
    ]);
  }
  const { text, hadBom } = stripBom(input);
  if (text.trim() === '') return fail([dataError('The file is empty: there is no header and no data.')]);

  const delimiter =
    !options.delimiter || options.delimiter === 'auto' ? detectDelimiter(text) : options.delimiter;
  const tokens = tokenizeCsv(text, delimiter, limits.maxRows + 1);
  const errors: DataIssue[] = tokens.errors.map((e) => dataError(e.message, { line: e.line }));
  const first = tokens.rows[0];
  if (!first) return fail([dataError('The file is empty: there is no header and no data.')]);

  const hasHeader =
    options.header === 'auto' || options.header === undefined
      ? looksLikeHeader(first.fields)
      : options.header;
  const width = first.fields.length;
  if (width > limits.maxColumns) {
    return fail([
      dataError(
        `Line ${first.line} has ${formatCount(width)} columns; the limit is ${formatCount(limits.maxColumns)}.`,
        {
          line: first.line,
        },
      ),
    ]);
  }
  const dataRows = hasHeader ? tokens.rows.slice(1) : tokens.rows;
  if (tokens.truncated || dataRows.length > limits.maxRows) {
    return fail([
      dataError(
        `The file has more than ${formatCount(limits.maxRows)} data rows, the import limit. Keep fewer rows (a Subset node can downsample later).`,
      ),
    ]);
  }
  if (dataRows.length === 0) {
    return fail([
      dataError(`The file has a header on line ${first.line} but no data rows.`, { line: first.line }),
    ]);
  }

  const columns = hasHeader
    ? first.fields.map((f, i) => (f.trim() === '' ? `column ${i + 1}` : f.trim()))
    : first.fields.map((_, i) => `column ${i + 1}`);
  const seen = new Map<string, number>();
  columns.forEach((name, i) => {
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      errors.push(
        dataError(
          `Line ${first.line}: columns ${earlier + 1} and ${i + 1} are both named ${excerpt(name)}.`,
          {
            line: first.line,
            column: name,
          },
        ),
      );
    } else {
      seen.set(name, i);
    }
  });

  const reference = hasHeader ? `the header on line ${first.line}` : `line ${first.line}`;
  for (const row of dataRows) {
    if (row.fields.length !== width) {
      errors.push(
        dataError(
          `Line ${row.line} has ${row.fields.length} fields but ${reference} has ${width} (${delimiterName(delimiter)}-separated).`,
          { line: row.line },
        ),
      );
    }
  }
  if (errors.length > 0) return fail(capIssues(errors));
  return {
    ok: true,
    value: {
      delimiter,
      hasHeader,
      hadBom,
      columns,
      rows: dataRows.map((r) => r.fields),
      lines: dataRows.map((r) => r.line),
    },
    warnings: [],
  };
}

function fail<T>(errors: DataIssue[]): DataResult<T> {
  return { ok: false, errors };
}
