// Front door of graph-core's export area (pure: no tfjs): a graph, its weights and its data as a
// project in another framework's terms. Code outside graph-core imports exports from here only.
export * from './pytorch/index';
