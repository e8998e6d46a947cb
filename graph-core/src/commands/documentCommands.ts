import type { GraphDocument } from '../document/types';
import { FORMAT_NAME } from '../document/types';
import { CommandError, cloneJson, defineCommand } from './command';

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
