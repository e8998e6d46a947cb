import type { core } from 'zod';
import { MAX_JSON_DEPTH, tooDeep } from './depth';
import { locateJsonError } from './jsonError';
import { MIGRATIONS, migrateUp, type Migration } from './migrations';
import { documentSchema, formatJsonPath, type ParsedDocument } from './schema';
import { CURRENT_VERSION, FORMAT_NAME, isNodeType, type GraphDocument, type GraphNode } from './types';

export type ParseResult =
  { ok: true; doc: GraphDocument; migratedFrom?: number } | { ok: false; error: string };

export interface ParseOptions {
  /** The migration registry; tests pass their own. */
  migrations?: readonly Migration[];
  /** The newest version this build reads; tests raise it together with `migrations`. */
  currentVersion?: number;
}

const fail = (error: string): ParseResult => ({ ok: false, error });

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.slice(0, 40))})`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let here: unknown = root;
  for (const key of path) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return here;
}

const ARTICLE: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

function describeIssue(issue: core.$ZodIssue, input: unknown): string {
  const where = formatJsonPath(issue.path);
  const found = valueAt(input, issue.path);
  if (issue.code === 'invalid_type') {
    const wanted = ARTICLE[issue.expected] ?? issue.expected;
    return found === undefined
      ? `${where} is missing (expected ${wanted})`
      : `${where}: expected ${wanted}, found ${kindOf(found)}`;
  }
  if (issue.code === 'too_small' && issue.origin === 'string') return `${where}: must not be empty`;
  if (issue.code === 'invalid_value')
    return `${where}: expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, found ${kindOf(found)}`;
  if (issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'custom') {
    return `${where}: ${issue.message}, found ${kindOf(found)}`;
  }
  return `${where}: ${issue.message}`;
}

function checkHeader(raw: Record<string, unknown>, current: number): string | null {
  if (raw.format !== FORMAT_NAME) {
    return raw.format === undefined
      ? 'Not a Layerloom project: the file has no "format": "layerloom" field.'
      : `Not a Layerloom project: "format" is ${kindOf(raw.format)}, expected "layerloom".`;
  }
  const version = raw.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return `"version" must be a whole number from 1 up, found ${kindOf(version)}.`;
  }
  if (version > current) {
    return `This project was saved by a newer Layerloom (version ${version}); this build reads up to ${current}. Update Layerloom to open it.`;
  }
  return null;
}

/** Structure zod cannot see: node types, id uniqueness, and edges that name real nodes. */
function checkReferences(doc: ParsedDocument): string | null {
  const nodeIds = new Set<string>();
  for (const [index, node] of doc.nodes.entries()) {
    if (!isNodeType(node.type)) {
      return `Node "${node.id}" (nodes[${index}]) has unknown type "${node.type}".`;
    }
    if (nodeIds.has(node.id)) return `Two nodes have the id "${node.id}" (the second is nodes[${index}]).`;
    nodeIds.add(node.id);
  }
  const edgeIds = new Set<string>();
  for (const [index, edge] of doc.edges.entries()) {
    if (edgeIds.has(edge.id)) return `Two edges have the id "${edge.id}" (the second is edges[${index}]).`;
    edgeIds.add(edge.id);
    for (const end of ['source', 'target'] as const) {
      if (!nodeIds.has(edge[end])) {
        return `Edge "${edge.id}" (edges[${index}]) has ${end} "${edge[end]}", but no node has that id.`;
      }
    }
  }
  return null;
}

const KNOWN_KEYS = new Set(['format', 'version', 'name', 'weights', 'nodes', 'edges']);

function toDocument(parsed: ParsedDocument, raw: Record<string, unknown>): GraphDocument {
  const nodes: GraphNode[] = parsed.nodes.map((n) => {
    const node: GraphNode = { id: n.id, type: n.type as GraphNode['type'], params: n.params ?? {} };
    if (n.position) node.position = n.position;
    if (n.label !== undefined) node.label = n.label;
    return node;
  });
  const doc: GraphDocument = {
    format: FORMAT_NAME,
    version: parsed.version,
    name: parsed.name,
    nodes,
    edges: parsed.edges,
  };
  if (parsed.weights) doc.weights = { manifest: parsed.weights.manifest, nodes: [...parsed.weights.nodes] };
  // Unknown fields are copied from the raw object in file order. A top-level "__proto__" is dropped:
  // editing code assigns top-level keys, where it would replace the document's prototype instead.
  for (const [key, value] of Object.entries(raw)) {
    if (!KNOWN_KEYS.has(key) && key !== '__proto__') doc[key] = value;
  }
  return doc;
}

/**
 * Reads a project file. Never throws for bad input: every problem comes back as one line naming the
 * field (as a JSON path), node or edge at fault. Older versions are migrated up; `migratedFrom` says so.
 */
export function parseProject(text: string, options: ParseOptions = {}): ParseResult {
  try {
    return parseChecked(text, options);
  } catch (error) {
    // The promise above holds even for what nobody foresaw (a stack overflow in a check).
    return fail(
      `The project could not be read: ${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}.`,
    );
  }
}

function parseChecked(text: string, options: ParseOptions): ParseResult {
  const current = options.currentVersion ?? CURRENT_VERSION;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let raw: unknown;
  try {
    raw = JSON.parse(source);
  } catch {
    const at = locateJsonError(source);
    return fail(
      at ? `Not valid JSON at line ${at.line}, column ${at.column}: ${at.reason}.` : 'Not valid JSON.',
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail(`Not a Layerloom project: expected a JSON object at the top level, found ${kindOf(raw)}.`);
  }
  const deep = tooDeep(raw);
  if (deep) {
    const where = formatJsonPath(deep.slice(0, 4)) + (deep.length > 4 ? '…' : '');
    return fail(
      `${where} is nested more than ${MAX_JSON_DEPTH} levels deep; a project file holds at most ${MAX_JSON_DEPTH}.`,
    );
  }
  const rawDoc = raw as Record<string, unknown>;
  const headerError = checkHeader(rawDoc, current);
  if (headerError) return fail(headerError);
  const fromVersion = rawDoc.version as number;

  const migrated = migrateUp(rawDoc, fromVersion, current, options.migrations ?? MIGRATIONS);
  if (!migrated.ok) return migrated;

  const result = documentSchema.safeParse(migrated.doc);
  if (!result.success) {
    const issue = result.error.issues[0];
    return fail(
      issue ? `${describeIssue(issue, migrated.doc)}.` : 'The project does not match the file format.',
    );
  }
  const referenceError = checkReferences(result.data);
  if (referenceError) return fail(referenceError);

  const doc = toDocument(result.data, migrated.doc);
  return fromVersion < current ? { ok: true, doc, migratedFrom: fromVersion } : { ok: true, doc };
}
