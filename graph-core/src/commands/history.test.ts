import { describe, expect, it } from 'vitest';
import {
  beginGesture,
  canRedo,
  canUndo,
  createHistory,
  endGesture,
  execute,
  redo,
  redoLabel,
  undo,
  undoLabel,
  type History,
} from './history';
import type { CommandArgs, CommandName } from './registry';
import { addDoc, chainDoc } from './testDocs';

function exec<N extends CommandName>(h: History, name: N, args: CommandArgs<N>): History {
  return execute(h, name, args).history;
}

const move = (x: number): CommandArgs<'moveNodes'> => ({ moves: [{ id: 'in', position: { x, y: 0 } }] });

describe('History', () => {
  it('undo restores the exact previous document and redo re-applies the change', () => {
    const start = createHistory(chainDoc());
    const edited = exec(start, 'deleteNodes', { nodeIds: ['flat'] });
    const undone = undo(edited);
    expect(undone.doc).toStrictEqual(start.doc);
    expect(redo(undone).doc).toStrictEqual(edited.doc);
  });

  it('clears the redo stack when a new command runs after undo', () => {
    const h = undo(exec(createHistory(chainDoc()), 'setProjectName', { name: 'A' }));
    expect(canRedo(h)).toBe(true);
    const after = exec(h, 'setProjectName', { name: 'B' });
    expect(canRedo(after)).toBe(false);
    expect(redo(after).doc.name).toBe('B');
  });

  it('makes a whole drag one undo step', () => {
    let h = beginGesture(createHistory(chainDoc()), 'Move nodes');
    for (let x = 1; x <= 30; x++) h = exec(h, 'moveNodes', move(x));
    h = endGesture(h);
    expect(h.undoStack).toHaveLength(1);
    expect(h.doc.nodes[0]?.position).toEqual({ x: 30, y: 0 });
    expect(undo(h).doc).toStrictEqual(chainDoc());
    expect(redo(undo(h)).doc).toStrictEqual(h.doc);
  });

  it('closes an open gesture when undo is pressed mid-drag', () => {
    let h = beginGesture(createHistory(chainDoc()), 'Move nodes');
    h = exec(exec(h, 'moveNodes', move(5)), 'moveNodes', move(9));
    expect(canUndo(h)).toBe(true);
    expect(undoLabel(h)).toBe('Move nodes');
    const undone = undo(h);
    expect(undone.gesture).toBeNull();
    expect(undone.doc).toStrictEqual(chainDoc());
  });

  it('leaves no undo step for a gesture or a command that changed nothing', () => {
    const h = endGesture(beginGesture(createHistory(chainDoc()), 'Move nodes'));
    expect(h.undoStack).toHaveLength(0);
    const same = execute(h, 'setParam', { nodeId: 'dense1', name: 'units', value: 8 });
    expect(same.changed).toBe(false);
    expect(same.history).toBe(h);
  });

  it('keeps at most `limit` steps, dropping the oldest', () => {
    let h = createHistory(chainDoc(), 3);
    for (const name of ['A', 'B', 'C', 'D', 'E']) h = exec(h, 'setProjectName', { name });
    expect(h.undoStack).toHaveLength(3);
    for (let i = 0; i < 5; i++) h = undo(h);
    expect(h.doc.name).toBe('B');
    expect(canUndo(h)).toBe(false);
  });

  it('labels undo and redo with the command that runs', () => {
    const h = exec(createHistory(addDoc()), 'duplicateNodes', { nodeIds: ['a'] });
    expect(undoLabel(h)).toBe('Duplicate');
    expect(redoLabel(undo(h))).toBe('Duplicate');
    expect(undoLabel(createHistory(addDoc()))).toBeNull();
  });

  it('clears undo and redo when the whole document is replaced', () => {
    const h = exec(
      undo(
        exec(exec(createHistory(chainDoc()), 'setProjectName', { name: 'A' }), 'setProjectName', {
          name: 'B',
        }),
      ),
      'replaceDocument',
      {
        doc: addDoc(),
      },
    );
    expect(h.doc).toStrictEqual(addDoc());
    expect(canUndo(h)).toBe(false);
    expect(canRedo(h)).toBe(false);
  });

  it('does nothing when there is nothing to undo or redo', () => {
    const h = createHistory(chainDoc());
    expect(undo(h).doc).toBe(h.doc);
    expect(redo(h).doc).toBe(h.doc);
  });

  it('refuses a limit below one', () => {
    expect(() => createHistory(chainDoc(), 0)).toThrow(RangeError);
  });
});
