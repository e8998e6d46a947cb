import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import { MENU_CHANNEL, OPEN_CHANNEL } from '../../host/src/contract/channels';
import type { MenuCommand } from '../../host/src/contract/channels';
import { resolveWorkspaceDir } from '../../host/src/workspace/layout';
import { createHostContext, createHostHandlers } from '../../host/src/workspace/services';
import { electronDialogs, nativeDialogs } from './dialogs';
import { registerIpcHandlers } from './ipc';
import { menuTemplate } from './menu';
import { registerAppScheme, serveRenderer } from './protocol';
import { APP_ENTRY, denyPermissions, hardenContents, windowOptions } from './security';

/** The file the OS asked us to open (file association), if any; `.layerloom` only. */
function projectArgument(argv: readonly string[]): string | null {
  return argv.slice(1).find((arg) => arg.endsWith('.layerloom') && !arg.startsWith('-')) ?? null;
}

let mainWindow: BrowserWindow | null = null;
const windowIds = new Set<number>();
let pendingOpenFile: string | null = projectArgument(process.argv);
/** Set once the services exist: hands a file to the running window. */
let openInWindow: ((file: string) => void) | null = null;

app.enableSandbox();
registerAppScheme();
// A second launch (e.g. double-clicking a file) focuses the running window instead.
const primaryInstance = app.requestSingleInstanceLock();
if (!primaryInstance) app.quit();

// macOS delivers double-clicked files by event, possibly before ready.
app.on('open-file', (event, file) => {
  event.preventDefault();
  if (openInWindow) openInWindow(file);
  else pendingOpenFile = file;
});

app.on('web-contents-created', (_event, contents) => hardenContents(contents));

async function start(): Promise<void> {
  const appRoot = app.getAppPath();
  const rendererDir = path.join(appRoot, 'dist', 'renderer');
  const workspace = resolveWorkspaceDir(process.argv, process.env, app.getPath('home'));
  const ctx = await createHostContext({
    workspace,
    appRoot,
    kind: 'electron',
    version: app.getVersion(),
    dialogs: electronDialogs(
      nativeDialogs(dialog, () => mainWindow),
      workspace,
    ),
    startupFile: pendingOpenFile,
  });
  denyPermissions(session.defaultSession);
  serveRenderer(rendererDir);
  registerIpcHandlers(ipcMain, createHostHandlers(ctx), windowIds);

  const send = (command: MenuCommand) => mainWindow?.webContents.send(MENU_CHANNEL, command);
  openInWindow = (file) => mainWindow?.webContents.send(OPEN_CHANNEL, ctx.external.grant(path.resolve(file)));
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(send, process.platform === 'darwin')));

  const window = new BrowserWindow(windowOptions(path.join(__dirname, 'preload.cjs')));
  mainWindow = window;
  const contentsId = window.webContents.id;
  windowIds.add(contentsId);
  window.once('ready-to-show', () => window.show());
  // The renderer keeps a beforeunload guard while there are unsaved edits; ask the person.
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, {
      type: 'question',
      buttons: ['Discard changes', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'This project has unsaved changes.',
      detail: 'They are kept in the autosave folder, and Layerloom offers them next time it starts.',
    });
    if (choice === 0) event.preventDefault();
  });
  window.on('closed', () => {
    windowIds.delete(contentsId);
    mainWindow = null;
  });
  await window.loadURL(APP_ENTRY);
}

app.on('second-instance', (_event, argv) => {
  const file = projectArgument(argv);
  if (file) openInWindow?.(file);
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
});
app.on('window-all-closed', () => app.quit());
app
  .whenReady()
  .then(() => (primaryInstance ? start() : undefined))
  .catch((error: unknown) => {
    dialog.showErrorBox('Layerloom could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
