import { capIssues, dataError, dataWarning, formatCount, type DataIssue, type DataResult } from '../issues';
import type { Dataset, TabularColumnInfo } from '../types';
import { isMissingCell, parseNumberCell, profileColumns, type ColumnKind, type ColumnProfile } from './infer';
import { readCsvTable, type CsvTable, type CsvTableOptions } from './table';
import { excerpt } from '../excerpt';

export interface CsvDatasetOptions {
  /** Name of the label (target) column. */
  labelColumn: string;
  /** Feature columns in order; all other columns when absent. */
  featureColumns?: string[];
  /** Overrides inferred kinds per column name. */
  columnKinds?: Record<string, ColumnKind>;
  /** How categorical feature columns become numbers. Default one-hot. */
  categoryEncoding?: 'onehot' | 'index';
  /**
   * 'auto': a text label means classification; a numeric label means classification when it holds
   * at most 20 distinct integers, else regression.
   */
  task?: 'auto' | 'classification' | 'regression';
  name?: string;
  /** One-hot columns wider than this are refused (a column of ids would explode). Default 100. */
  maxOneHotCategories?: number;
}

const MAX_INTEGER_CLASSES = 20;

/** Reads CSV text straight into a Dataset. */
export function readCsvDataset(
  text: string,
  options: CsvTableOptions & CsvDatasetOptions,
): DataResult<Dataset> {
  const table = readCsvTable(text, options);
  if (!table.ok) return table;
  return csvToDataset(table.value, options);
}

function sortedClasses(values: Iterable<string>, numeric: boolean): string[] {
  const list = [...new Set(values)];
  return numeric ? list.sort((a, b) => Number(a) - Number(b)) : list.sort();
}

export function csvToDataset(table: CsvTable, options: CsvDatasetOptions): DataResult<Dataset> {
  const errors: DataIssue[] = [];
  const warnings: DataIssue[] = [];
  const index = new Map(table.columns.map((c, i) => [c, i]));
  const shown = table.columns.slice(0, 12).map((c) => excerpt(c));
  if (table.columns.length > shown.length)
    shown.push(`and ${formatCount(table.columns.length - shown.length)} more`);
  const known = shown.join(', ');
  const labelIndex = index.get(options.labelColumn);
  if (labelIndex === undefined) {
    return {
      ok: false,
      errors: [
        dataError(`There is no column ${excerpt(options.labelColumn)}; the columns are ${known}.`, {
          column: options.labelColumn,
        }),
      ],
    };
  }
  const featureNames = options.featureColumns ?? table.columns.filter((c) => c !== options.labelColumn);
  for (const f of featureNames) {
    if (!index.has(f)) {
      errors.push(
        dataError(`There is no feature column ${excerpt(f)}; the columns are ${known}.`, { column: f }),
      );
    }
    if (f === options.labelColumn)
      errors.push(dataError(`${excerpt(f)} is the label column; it cannot be a feature too.`));
  }
  if (featureNames.length === 0) errors.push(dataError('Choose at least one feature column.'));
  if (errors.length > 0) return { ok: false, errors };

  const profiles = profileColumns(table).map((p) => {
    const kind = options.columnKinds?.[p.name];
    return kind ? { ...p, kind } : p;
  });
  const label = profiles[labelIndex] as ColumnProfile;
  const labelCells = table.rows.map((r) => (r[labelIndex] ?? '').trim());
  table.rows.forEach((_, r) => {
    if (isMissingCell(labelCells[r] ?? '')) {
      errors.push(
        dataError(`Line ${table.lines[r]}: the label ${excerpt(label.name)} is empty.`, {
          line: table.lines[r],
          column: label.name,
        }),
      );
    }
  });

  const labelNumbers = labelCells.map((c) => parseNumberCell(c));
  const labelIsNumeric = label.kind === 'number' && labelNumbers.every((v) => v !== null);
  const integerClasses =
    labelIsNumeric && labelNumbers.every((v) => Number.isInteger(v)) && label.distinct <= MAX_INTEGER_CLASSES;
  const task =
    options.task && options.task !== 'auto'
      ? options.task
      : label.kind === 'category' || integerClasses
        ? 'classification'
        : 'regression';
  if (task === 'regression' && !labelIsNumeric && errors.length === 0) {
    const r = labelNumbers.findIndex((v) => v === null);
    errors.push(
      dataError(
        `Line ${table.lines[r]}: a regression target needs numbers, but ${excerpt(label.name)} is ${excerpt(labelCells[r] ?? '')}.`,
        {
          line: table.lines[r],
          column: label.name,
        },
      ),
    );
  }

  const maxOneHot = options.maxOneHotCategories ?? 100;
  const encoding = options.categoryEncoding ?? 'onehot';
  const columns: TabularColumnInfo[] = [];
  const expanded: string[] = [];
  const featureIdx = featureNames.map((f) => index.get(f) as number);
  for (const c of featureIdx) {
    const p = profiles[c] as ColumnProfile;
    if (p.kind === 'number') {
      columns.push({ name: p.name, kind: 'number' });
      expanded.push(p.name);
      table.rows.forEach((row, r) => {
        const cell = row[c] ?? '';
        if (!isMissingCell(cell) && parseNumberCell(cell) === null) {
          errors.push(
            dataError(
              `Line ${table.lines[r]}, column ${excerpt(p.name)}: ${excerpt(cell.trim())} is not a number.`,
              {
                line: table.lines[r],
                column: p.name,
              },
            ),
          );
        }
      });
      if (p.missing > 0) {
        warnings.push(
          dataWarning(
            `Column ${excerpt(p.name)} has ${formatCount(p.missing)} empty cells; they read as NaN.`,
            {
              column: p.name,
            },
          ),
        );
      }
      continue;
    }
    const categories = sortedClasses(
      table.rows.map((r) => (r[c] ?? '').trim()),
      false,
    );
    if (encoding === 'onehot' && categories.length > maxOneHot) {
      errors.push(
        dataError(
          `Column ${excerpt(p.name)} has ${formatCount(categories.length)} distinct values, too many to one-hot encode (limit ${maxOneHot}). Leave it out or use index encoding.`,
          { column: p.name },
        ),
      );
      continue;
    }
    columns.push({ name: p.name, kind: 'category', categories });
    if (encoding === 'onehot') for (const v of categories) expanded.push(`${p.name}=${v}`);
    else expanded.push(p.name);
  }
  if (errors.length > 0) return { ok: false, errors: capIssues(errors) };

  const classNames = task === 'classification' ? sortedClasses(labelCells, labelIsNumeric) : [];
  const classIndex = new Map(classNames.map((n, i) => [n, i]));
  const lookups = columns.map((col) => new Map((col.categories ?? []).map((v, i) => [v, i])));
  const width = expanded.length;
  const count = table.rows.length;
  const x = new Float32Array(count * width);
  const y = new Float32Array(count);
  table.rows.forEach((row, r) => {
    let o = r * width;
    columns.forEach((col, k) => {
      const cell = (row[featureIdx[k] as number] ?? '').trim();
      if (col.kind === 'number') {
        x[o++] = isMissingCell(cell) ? NaN : (parseNumberCell(cell) as number);
      } else {
        const at = lookups[k]?.get(cell) ?? 0;
        if (encoding === 'onehot') {
          x[o + at] = 1;
          o += (col.categories as string[]).length;
        } else {
          x[o++] = at;
        }
      }
    });
    const cell = labelCells[r] ?? '';
    y[r] = task === 'classification' ? (classIndex.get(cell) as number) : (parseNumberCell(cell) as number);
  });

  return {
    ok: true,
    value: {
      name: options.name ?? 'CSV data',
      modality: 'tabular',
      featureShape: [width],
      task,
      numClasses: task === 'classification' ? classNames.length : 1,
      classNames,
      featureNames: expanded,
      columns,
      count,
      x,
      y,
    },
    warnings,
  };
}
