import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../host/src/contract/channels';

/**
 * The app menu as data. Editing commands go to the renderer (its own undo history, not the
 * browser's), so each item sends a typed command instead of using Electron's built-in roles.
 */
export function menuTemplate(
  send: (command: MenuCommand) => void,
  isMac: boolean,
): MenuItemConstructorOptions[] {
  const item = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    click: () => send(command),
    ...(accelerator && { accelerator }),
  });
  const sep: MenuItemConstructorOptions = { type: 'separator' };
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        item('New', 'new', 'CmdOrCtrl+N'),
        item('Open…', 'open', 'CmdOrCtrl+O'),
        sep,
        item('Save', 'save', 'CmdOrCtrl+S'),
        item('Save As…', 'saveAs', 'Shift+CmdOrCtrl+S'),
        sep,
        item('Export Weights…', 'exportWeights', 'Shift+CmdOrCtrl+E'),
        sep,
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        item('Undo', 'undo', 'CmdOrCtrl+Z'),
        item('Redo', 'redo', isMac ? 'Shift+CmdOrCtrl+Z' : 'CmdOrCtrl+Y'),
        sep,
        item('Cut', 'cut', 'CmdOrCtrl+X'),
        item('Copy', 'copy', 'CmdOrCtrl+C'),
        item('Paste', 'paste', 'CmdOrCtrl+V'),
        item('Duplicate', 'duplicate', 'CmdOrCtrl+D'),
        item('Delete', 'delete'),
        item('Select All', 'selectAll', 'CmdOrCtrl+A'),
      ],
    },
    {
      label: '&View',
      submenu: [
        item('Auto Layout', 'autoLayout', 'Shift+CmdOrCtrl+L'),
        item('Fit to Window', 'fitView', 'CmdOrCtrl+0'),
        item('Runs', 'showRuns', 'Shift+CmdOrCtrl+R'),
        sep,
        { role: 'togglefullscreen' },
        { role: 'toggleDevTools' },
      ],
    },
    {
      label: '&Model',
      submenu: [item('Train', 'train', 'CmdOrCtrl+Enter'), item('Stop', 'stop', 'CmdOrCtrl+.')],
    },
    { role: 'windowMenu' },
  ];
}
