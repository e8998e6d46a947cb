import type { GraphDocument } from '../document/types';
import { FORMAT_NAME } from '../document/types';
import type { JsonValue } from '../document/types';
import { CommandError, cloneJson, defineCommand, requireJson } from './command';

export const setProjectName = defineCommand<{ name: string }>({
  name: 'setProjectName',
  label: 'Rename project',
  history: true,
  perform(draft, { name }) {
    draft.name = name;
  },
});

/**
 * Swaps in a whole document (New, Open, a template, restoring an autosave). Not an undo step: the
 * earlier steps describe another document, so the history is cleared instead.
 */
export const replaceDocument = defineCommand<{ doc: GraphDocument }>({
  name: 'replaceDocument',
  label: 'Open project',
  history: false,
  perform(draft, { doc }) {
    if (doc.format !== FORMAT_NAME) throw new CommandError('replaceDocument', 'not a layerloom document');
    const next = cloneJson(doc);
    for (const key of Object.keys(draft)) if (!Object.hasOwn(next, key)) delete draft[key];
    for (const [key, value] of Object.entries(next)) {
      if (key === '__proto__')
        throw new CommandError('replaceDocument', 'a top-level field cannot be named "__proto__"');
      draft[key] = value;
    }
  },
});

/** Top-level fields a document must keep; everything else is an extension (e.g. `sweep`). */
const CORE_FIELDS: ReadonlySet<string> = new Set([
  'format',
  'version',
  'name',
  'weights',
  'nodes',
  'edges',
  '__proto__',
]);

/**
 * Sets (or with `undefined` removes) an extension field of the document, such as the sweep a
 * project defines: saved with the project and undoable like any edit.
 */
export const setDocumentField = defineCommand<{ key: string; value: JsonValue | undefined }>({
  name: 'setDocumentField',
  label: 'Change project setting',
  history: true,
  perform(draft, { key, value }) {
    if (CORE_FIELDS.has(key))
      throw new CommandError('setDocumentField', `"${key}" is not an extension field`);
    if (value === undefined) delete draft[key];
    else draft[key] = cloneJson(requireJson('setDocumentField', `the value of "${key}"`, value));
  },
});

/**
 * Resets nodes that start from imported weights to a fresh initialisation: they leave the
 * document's `weights.nodes` (the sidecar keeps their values, unused). Undo brings them back.
 */
export const resetWeights = defineCommand<{ nodeIds: string[] }>({
  name: 'resetWeights',
  label: 'Reset weights to fresh initialisation',
  history: true,
  perform(draft, { nodeIds }) {
    const weights = draft.weights;
    if (!weights) throw new CommandError('resetWeights', 'the project carries no weights');
    const drop = new Set(nodeIds);
    weights.nodes = weights.nodes.filter((id) => !drop.has(id));
  },
});
