// Front door of graph-core's backends (uses tfjs): choosing a backend by probing, the wasm backend's
// setup (paths, threads, Layerloom's kernels from ../kernels) and the shared wording of thread counts.
export * from './select';
export * from './wasm';
export * from './wasm-threads';
export * from './wasm-threads-text';
export * from './choose';
