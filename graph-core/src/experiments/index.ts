/**
 * Experiments: what differs between runs, sweeps over any param, and comparison tables.
 * Pure data in, pure data out: the CLI, the host and the app's worker all drive these.
 */
export * from './diff';
export * from './diffText';
export * from './sweepSpec';
export * from './sweep';
export * from './sweepState';
export * from './sweepFile';
export * from './sweepRunner';
export * from './halving';
export * from './halvingText';
export * from './projectSweep';
export * from './compare';
export * from './tableFormats';
export { formatValue, formatNumber, getField, setField, jsonEqual } from './values';
export * from './sweepTable';
export * from './chartScale';
export * from './chartSvg';
export * from './variantStats';
export * from './variantTable';
export * from './claims';
export * from './claimVerdict';
export * from './claimReport';
