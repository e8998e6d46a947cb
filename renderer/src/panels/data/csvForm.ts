import {
  profileColumns,
  readCsvTable,
  csvToDataset,
  type ColumnProfile,
  type CsvTable,
  type Delimiter,
} from '../../../../graph-core/src/data';
import type { DataIssue } from '../../../../graph-core/src/data';
import type { Dataset } from '../../../../graph-core/src/data';

/** Everything the CSV import dialog lets the user choose; plain data so it is easy to test. */
export interface CsvForm {
  fileName: string;
  text: string;
  delimiter: Delimiter | 'auto';
  header: boolean | 'auto';
  /** '' until chosen: the last column is suggested. */
  labelColumn: string;
  /** null: every column except the label. */
  featureColumns: string[] | null;
  encoding: 'onehot' | 'index';
  task: 'auto' | 'classification' | 'regression';
}

export interface CsvFormView {
  table: CsvTable | null;
  profiles: ColumnProfile[];
  labelColumn: string;
  featureColumns: string[];
  /** First rows for the preview. */
  preview: string[][];
  errors: DataIssue[];
  warnings: DataIssue[];
  dataset: Dataset | null;
}

export const PREVIEW_ROWS = 8;

export function initialCsvForm(fileName: string, text: string): CsvForm {
  return {
    fileName,
    text,
    delimiter: 'auto',
    header: 'auto',
    labelColumn: '',
    featureColumns: null,
    encoding: 'onehot',
    task: 'auto',
  };
}

/** Parses with the current choices; the dialog renders this view and enables Import when `dataset` is set. */
export function viewCsvForm(form: CsvForm): CsvFormView {
  const empty = {
    profiles: [],
    labelColumn: '',
    featureColumns: [],
    preview: [],
    warnings: [],
    dataset: null,
  };
  const table = readCsvTable(form.text, { delimiter: form.delimiter, header: form.header });
  if (!table.ok) return { ...empty, table: null, errors: table.errors };
  const t = table.value;
  const labelColumn = t.columns.includes(form.labelColumn)
    ? form.labelColumn
    : (t.columns[t.columns.length - 1] ?? '');
  const featureColumns = (form.featureColumns ?? t.columns).filter(
    (c) => c !== labelColumn && t.columns.includes(c),
  );
  const result = csvToDataset(t, {
    labelColumn,
    featureColumns,
    categoryEncoding: form.encoding,
    task: form.task,
    name: form.fileName.replace(/\.[^.]+$/, '') || 'CSV data',
  });
  return {
    table: t,
    profiles: profileColumns(t),
    labelColumn,
    featureColumns,
    preview: t.rows.slice(0, PREVIEW_ROWS),
    errors: result.ok ? [] : result.errors,
    warnings: result.ok ? result.warnings : [],
    dataset: result.ok ? result.value : null,
  };
}
