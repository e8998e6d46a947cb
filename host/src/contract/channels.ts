/**
 * Names only, no schemas: what the Electron preload needs, so its bundle stays tiny (no zod).
 * `ops.ts` checks at compile time that HOST_OP_NAMES lists exactly the contract's operations.
 */
export const HOST_OP_NAMES = [
  'hostInfo',
  'listProjects',
  'openProject',
  'saveProject',
  'saveProjectAs',
  'recentFiles',
  'autosave',
  'listRecoveries',
  'discardRecovery',
  'listSamples',
  'readSample',
  'createRun',
  'appendMetrics',
  'writeRunFile',
  'saveModelArtifacts',
  'listRuns',
  'readRun',
  'updateRunMeta',
  'trashRun',
  'restoreRun',
  'loadRunModel',
  'saveSweep',
  'listSweeps',
  'exportWeights',
  'exportModel',
  'exportFile',
  'readDatasetAsset',
  'importDataset',
  'listDatasets',
  'readDataset',
  'deleteDataset',
  'readProjectData',
  'readProjectWeights',
  'importModel',
  'pickFile',
  'pickFolder',
] as const;
export type HostOpName = (typeof HOST_OP_NAMES)[number];

/** Commands the Electron app menu sends to the renderer (the browser UI binds the same to keys). */
export const MENU_COMMANDS = [
  'new',
  'open',
  'save',
  'saveAs',
  'exportWeights',
  'undo',
  'redo',
  'cut',
  'copy',
  'paste',
  'duplicate',
  'selectAll',
  'delete',
  'autoLayout',
  'fitView',
  'train',
  'stop',
  'showRuns',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}

/** IPC channel names: one per op, so the main process can check each channel by name. */
export const IPC_PREFIX = 'layerloom:';
export const MENU_CHANNEL = 'layerloom-menu';
/** Main → renderer: the OS asked the running app to open a file (carries an `external:` id). */
export const OPEN_CHANNEL = 'layerloom-open';

export function isExternalProjectId(value: unknown): value is string {
  return typeof value === 'string' && /^external:[0-9a-f]{24}$/.test(value);
}
export const ipcChannel = (op: HostOpName): string => `${IPC_PREFIX}${op}`;
