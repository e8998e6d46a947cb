// Front door of graph-core's data area (pure: no tfjs): dataset types, the data pipeline, built-in,
// CSV and image sources, stats and warnings. Code outside graph-core imports data from here only.
export * from './types';
export * from './pipeline';
export * from './sources';
export * from './format';
export * from './dataset-info';
export * from './chain';
export * from './gather';
export * from './stats';
export * from './issues';
export * from './warnings';
export * from './augment';
export * from './normalize';
export * from './splits';
export * from './locate';
export * from './subset';
export * from './resize';
export * from './csv/index';
export * from './images/index';
export * from './builtin/index';
export * from './excerpt';
