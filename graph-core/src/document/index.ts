export * from './types';
export { parseProject, type ParseResult, type ParseOptions } from './parse';
export { serializeProject } from './serialize';
export { MIGRATIONS, migrateUp, type Migration, type MigrationOutcome, type RawDocument } from './migrations';
export { documentSchema, nodeSchema, edgeSchema, positionSchema } from './schema';
export { locateJsonError, type JsonErrorLocation } from './jsonError';
export { formatCount } from './format';
