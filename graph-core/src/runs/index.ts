// Front door of graph-core's run format (pure): the run folder's file names, a zod schema per file,
// its format version, and the one reader of run folders (today's layout and the two before it).
export * from './files';
export * from './schema';
export * from './evaluation';
export * from './evaluation-types';
export * from './read';
export * from './outcome';
export { slug, timeStamp } from './names';
export { runGraphText } from './graph';
