export { tokenizeCsv, stripBom, type Delimiter, type CsvRow } from './tokenize';
export { detectDelimiter, delimiterName, DELIMITERS } from './detect';
export {
  readCsvTable,
  DEFAULT_CSV_LIMITS,
  type CsvTable,
  type CsvTableOptions,
  type CsvLimits,
} from './table';
export { profileColumns, parseNumberCell, isMissingCell, type ColumnKind, type ColumnProfile } from './infer';
export { readCsvDataset, csvToDataset, type CsvDatasetOptions } from './dataset';
export { formatCsv, type CsvWriteOptions } from './write';
