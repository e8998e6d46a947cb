import { describe, expect, it } from 'vitest';
import { MENU_COMMANDS, type MenuCommand } from '../../../host/src/contract/channels';
import { mlpDocument, storeFor } from '../store/testing';
import { menuHandlers, type FieldEdit, type MenuTargets } from './menuCommands';

/** Targets that log which one each command reached; the store is real, for Select All. */
function targets(typing = false) {
  const log: string[] = [];
  const store = storeFor(mlpDocument());
  const note = (name: string) => () => void log.push(name);
  const t: MenuTargets = {
    projects: {
      newProject: note('projects.newProject'),
      open: async () => void log.push('projects.open'),
      save: async () => (log.push('projects.save'), true),
      saveAs: async () => (log.push('projects.saveAs'), true),
      exportWeights: async () => (log.push('projects.exportWeights'), true),
    },
    store: {
      undo: note('store.undo'),
      redo: note('store.redo'),
      select: (nodes, edges) => {
        log.push(`store.select ${[...nodes].length} ${[...(edges ?? [])].length}`);
      },
      getState: store.getState,
    },
    actions: {
      cut: note('actions.cut'),
      copy: () => (log.push('actions.copy'), true),
      paste: note('actions.paste'),
      duplicate: note('actions.duplicate'),
      deleteSelection: note('actions.deleteSelection'),
    },
    autoLayout: note('autoLayout'),
    fitView: note('fitView'),
    train: note('train'),
    stopTraining: note('stopTraining'),
    showRuns: note('showRuns'),
    typingInField: () => typing,
    fieldEdit: (c: FieldEdit) => void log.push(`field.${c}`),
  };
  return { t, log, doc: store.getState().doc };
}

const { doc } = targets();
const selectAll = `store.select ${doc.nodes.length} ${doc.edges.length}`;

const ON_CANVAS: Record<MenuCommand, string> = {
  new: 'projects.newProject',
  open: 'projects.open',
  save: 'projects.save',
  saveAs: 'projects.saveAs',
  exportWeights: 'projects.exportWeights',
  undo: 'store.undo',
  redo: 'store.redo',
  cut: 'actions.cut',
  copy: 'actions.copy',
  paste: 'actions.paste',
  duplicate: 'actions.duplicate',
  delete: 'actions.deleteSelection',
  selectAll,
  autoLayout: 'autoLayout',
  fitView: 'fitView',
  train: 'train',
  stop: 'stopTraining',
  showRuns: 'showRuns',
};

describe('menu commands', () => {
  it.each(MENU_COMMANDS.map((c) => [c, ON_CANVAS[c]]))('%s reaches %s', (command, expected) => {
    const { t, log } = targets();
    menuHandlers(t)[command]();
    expect(log).toEqual([expected]);
  });

  it.each(['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll'] as const)(
    '%s while typing in a field edits the field, not the graph',
    (command) => {
      const { t, log } = targets(true);
      menuHandlers(t)[command]();
      expect(log).toEqual([`field.${command}`]);
    },
  );

  it('ignores Duplicate while typing in a field', () => {
    const { t, log } = targets(true);
    menuHandlers(t).duplicate();
    expect(log).toEqual([]);
  });

  it.each(['save', 'train', 'autoLayout', 'new'] as const)(
    '%s acts on the project even while typing',
    (command) => {
      const { t, log } = targets(true);
      menuHandlers(t)[command]();
      expect(log).toEqual([ON_CANVAS[command]]);
    },
  );
});
