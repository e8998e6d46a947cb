import { enablePatches, produceWithPatches, type Patch } from 'immer';
import type { GraphDocument } from '../document/types';
import { duplicateNodes, pasteSubgraph } from './clipboardCommands';
import type { Command } from './command';
import { replaceDocument, resetWeights, setDocumentField, setProjectName } from './documentCommands';
import { connect, deleteEdges, disconnect, insertNodeOnEdge } from './edgeCommands';
import { freezeAbove } from './freezeCommands';
import { addNode, deleteNodes, moveNodes, renameNode, resetParam, setParam } from './nodeCommands';

enablePatches();

/** Every model edit, by name. Keys equal each command's `name` (tested). */
export const COMMANDS = {
  addNode,
  connect,
  disconnect,
  deleteEdges,
  deleteNodes,
  setParam,
  resetParam,
  moveNodes,
  renameNode,
  setProjectName,
  setDocumentField,
  resetWeights,
  freezeAbove,
  pasteSubgraph,
  duplicateNodes,
  insertNodeOnEdge,
  replaceDocument,
} as const;

export type CommandName = keyof typeof COMMANDS;
type PerformOf<N extends CommandName> = (typeof COMMANDS)[N]['perform'];
export type CommandArgs<N extends CommandName> = Parameters<PerformOf<N>>[1];
export type CommandResult<N extends CommandName> = ReturnType<PerformOf<N>>;

export interface AppliedCommand<N extends CommandName> {
  doc: GraphDocument;
  patches: Patch[];
  inversePatches: Patch[];
  result: CommandResult<N>;
}

/**
 * Runs one command on a document without touching the original; the patches say what changed and
 * the inverse patches undo it. Throws CommandError when the arguments break the command's contract.
 */
export function applyCommand<N extends CommandName>(
  doc: GraphDocument,
  name: N,
  args: CommandArgs<N>,
): AppliedCommand<N> {
  const command = COMMANDS[name] as unknown as Command<CommandArgs<N>, CommandResult<N>>;
  let result: CommandResult<N> | undefined;
  const [next, patches, inversePatches] = produceWithPatches(doc, (draft) => {
    // The recipe returns nothing: a returned value would replace the document in immer.
    result = command.perform(draft, args);
  });
  return { doc: next, patches, inversePatches, result: result as CommandResult<N> };
}
