import path from 'node:path';
import type { BrowserWindow, Dialog, OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { Dialogs } from '../../host/src/workspace/context';

const PROJECT_FILTERS = [{ name: 'Layerloom project', extensions: ['layerloom'] }];

/** The two native dialogs we use, so the services' dialog logic is tested without Electron. */
export interface NativeDialogs {
  open(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  save(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
}

/**
 * Electron's dialog, attached to the window when there is one (a sheet on macOS). The methods are
 * looked up on each call, so a test harness may replace them on the live `dialog` object.
 */
export function nativeDialogs(dialog: Dialog, window: () => BrowserWindow | null): NativeDialogs {
  return {
    open: (options) => {
      const owner = window();
      return owner ? dialog.showOpenDialog(owner, options) : dialog.showOpenDialog(options);
    },
    save: (options) => {
      const owner = window();
      return owner ? dialog.showSaveDialog(owner, options) : dialog.showSaveDialog(options);
    },
  };
}

/**
 * Native dialogs for the workspace services; each returns an absolute path or null when cancelled.
 * Projects start in the workspace's `projects/`, exports in its `exports/`, so a first-time user
 * finds their files where the README says they go.
 */
export function electronDialogs(native: NativeDialogs, workspace: string): Dialogs {
  const projectsDir = path.join(workspace, 'projects');
  const exportsDir = path.join(workspace, 'exports');
  const open = async (options: OpenDialogOptions) => {
    const result = await native.open(options);
    return result.canceled || result.filePaths.length === 0 ? null : result.filePaths;
  };
  const save = async (options: SaveDialogOptions) => {
    const result = await native.save(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  };
  return {
    openProject: async () =>
      (
        await open({
          title: 'Open project',
          defaultPath: projectsDir,
          filters: PROJECT_FILTERS,
          properties: ['openFile'],
        })
      )?.[0] ?? null,
    saveProject: (suggestedName) =>
      save({
        title: 'Save project as',
        defaultPath: path.join(projectsDir, suggestedName),
        filters: PROJECT_FILTERS,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      }),
    saveFile: (suggestedName, filters) =>
      save({
        title: 'Export',
        defaultPath: path.join(exportsDir, suggestedName),
        properties: ['createDirectory', 'showOverwriteConfirmation'],
        ...(filters && { filters }),
      }),
    chooseFolder: async (title) =>
      (
        await open({
          title,
          defaultPath: exportsDir,
          buttonLabel: 'Choose folder',
          properties: ['openDirectory', 'createDirectory'],
        })
      )?.[0] ?? null,
    pickFiles: (filters, multiple) =>
      open({
        title: 'Choose file',
        properties: multiple ? ['openFile', 'multiSelections'] : ['openFile'],
        ...(filters && { filters }),
      }),
  };
}
