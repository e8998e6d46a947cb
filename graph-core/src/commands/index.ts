export { CommandError, defineCommand, type Command, type DocumentDraft } from './command';
export { newId, newEdgeId, idPrefix } from './ids';
export * from './nodeCommands';
export * from './edgeCommands';
export * from './clipboardCommands';
export * from './documentCommands';
export {
  COMMANDS,
  applyCommand,
  type AppliedCommand,
  type CommandArgs,
  type CommandName,
  type CommandResult,
} from './registry';
export * from './history';
