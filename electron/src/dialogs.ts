import { dialog } from 'electron';
import type { BrowserWindow } from 'electron';
import type { Dialogs } from '../../host/src/workspace/context';

const PROJECT_FILTERS = [{ name: 'Layerloom project', extensions: ['layerloom'] }];

/** Native dialogs for the workspace services; each returns absolute paths or null when cancelled. */
export function electronDialogs(window: () => BrowserWindow | null, defaultDir: string): Dialogs {
  const parent = () => window() ?? undefined;
  const open = async (options: Electron.OpenDialogOptions) => {
    const owner = parent();
    const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : result.filePaths;
  };
  const save = async (options: Electron.SaveDialogOptions) => {
    const owner = parent();
    const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  };
  return {
    openProject: async () =>
      (
        await open({
          title: 'Open project',
          defaultPath: defaultDir,
          filters: PROJECT_FILTERS,
          properties: ['openFile'],
        })
      )?.[0] ?? null,
    saveProject: (suggestedName) =>
      save({
        title: 'Save project',
        defaultPath: `${defaultDir}/${suggestedName}`,
        filters: PROJECT_FILTERS,
      }),
    saveFile: (suggestedName, filters) =>
      save({ title: 'Export', defaultPath: suggestedName, ...(filters && { filters }) }),
    chooseFolder: async (title) =>
      (await open({ title, properties: ['openDirectory', 'createDirectory'] }))?.[0] ?? null,
    pickFiles: (filters, multiple) =>
      open({
        title: 'Choose file',
        properties: multiple ? ['openFile', 'multiSelections'] : ['openFile'],
        ...(filters && { filters }),
      }),
  };
}
