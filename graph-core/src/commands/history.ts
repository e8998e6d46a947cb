import { applyPatches, type Patch } from 'immer';
import type { GraphDocument } from '../document/types';
import { applyCommand, COMMANDS, type CommandArgs, type CommandName, type CommandResult } from './registry';

/** One undo step: everything a command (or a whole gesture of commands) changed. */
export interface HistoryEntry {
  label: string;
  patches: Patch[];
  inversePatches: Patch[];
}

/**
 * The editor's document plus its undo and redo stacks, as plain immutable data: every function
 * returns a new History and never changes its argument, so a store can keep it as its state.
 */
export interface History {
  readonly doc: GraphDocument;
  /** Oldest first; the last entry is undone next. */
  readonly undoStack: readonly HistoryEntry[];
  /** The last entry is redone next. */
  readonly redoStack: readonly HistoryEntry[];
  /** An open mark: commands run while it is open merge into this one entry. */
  readonly gesture: HistoryEntry | null;
  /** At most this many undo steps are kept; the oldest go first. */
  readonly limit: number;
}

export const DEFAULT_HISTORY_LIMIT = 200;

export function createHistory(doc: GraphDocument, limit = DEFAULT_HISTORY_LIMIT): History {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`history limit must be a positive integer, got ${limit}`);
  return { doc, undoStack: [], redoStack: [], gesture: null, limit };
}

function pushCapped(stack: readonly HistoryEntry[], entry: HistoryEntry, limit: number): HistoryEntry[] {
  const next = [...stack, entry];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

function merge(into: HistoryEntry, patches: Patch[], inversePatches: Patch[]): HistoryEntry {
  // Later changes are undone first, so their inverse goes in front.
  return {
    label: into.label,
    patches: [...into.patches, ...patches],
    inversePatches: [...inversePatches, ...into.inversePatches],
  };
}

export interface Executed<N extends CommandName> {
  history: History;
  result: CommandResult<N>;
  /** False when the command changed nothing (no undo step was added). */
  changed: boolean;
}

/** Runs a command and records it: a new undo step (or part of the open gesture); redo is cleared. */
export function execute<N extends CommandName>(history: History, name: N, args: CommandArgs<N>): Executed<N> {
  const applied = applyCommand(history.doc, name, args);
  const changed = applied.patches.length > 0;
  if (!changed) return { history, result: applied.result, changed };
  if (!COMMANDS[name].history) {
    return { history: createHistory(applied.doc, history.limit), result: applied.result, changed };
  }
  const label = COMMANDS[name].label;
  const { patches, inversePatches } = applied;
  const next: History = history.gesture
    ? {
        ...history,
        doc: applied.doc,
        redoStack: [],
        gesture: merge(history.gesture, patches, inversePatches),
      }
    : {
        ...history,
        doc: applied.doc,
        redoStack: [],
        undoStack: pushCapped(history.undoStack, { label, patches, inversePatches }, history.limit),
      };
  return { history: next, result: applied.result, changed };
}

/**
 * Opens a mark: until `endGesture`, every command joins one undo step (a whole drag, a slider
 * scrub). Opening a mark while one is open closes the earlier one first.
 */
export function beginGesture(history: History, label: string): History {
  const closed = endGesture(history);
  return { ...closed, gesture: { label, patches: [], inversePatches: [] } };
}

/** Closes the open mark; a gesture that changed nothing leaves no undo step. */
export function endGesture(history: History): History {
  const { gesture } = history;
  if (!gesture) return history;
  if (gesture.patches.length === 0) return { ...history, gesture: null };
  return { ...history, gesture: null, undoStack: pushCapped(history.undoStack, gesture, history.limit) };
}

export function canUndo(history: History): boolean {
  return history.undoStack.length > 0 || (history.gesture?.patches.length ?? 0) > 0;
}

export function canRedo(history: History): boolean {
  return history.redoStack.length > 0;
}

/** The label of the step Undo would revert ("Move nodes"), or null. */
export function undoLabel(history: History): string | null {
  const closed = endGesture(history);
  return closed.undoStack[closed.undoStack.length - 1]?.label ?? null;
}

export function redoLabel(history: History): string | null {
  return history.redoStack[history.redoStack.length - 1]?.label ?? null;
}

/** Reverts the last step (closing an open gesture first). Does nothing when there is none. */
export function undo(history: History): History {
  const closed = endGesture(history);
  const entry = closed.undoStack[closed.undoStack.length - 1];
  if (!entry) return closed;
  return {
    ...closed,
    doc: applyPatches(closed.doc, entry.inversePatches),
    undoStack: closed.undoStack.slice(0, -1),
    redoStack: [...closed.redoStack, entry],
  };
}

/** Re-applies the last undone step. Does nothing when there is none. */
export function redo(history: History): History {
  const closed = endGesture(history);
  const entry = closed.redoStack[closed.redoStack.length - 1];
  if (!entry) return closed;
  return {
    ...closed,
    doc: applyPatches(closed.doc, entry.patches),
    undoStack: pushCapped(closed.undoStack, entry, closed.limit),
    redoStack: closed.redoStack.slice(0, -1),
  };
}
