import { contextBridge, ipcRenderer } from 'electron';
import { MENU_CHANNEL } from '../../host/src/contract/channels';
import { buildBridge } from './bridge';

if (process.contextIsolated) {
  contextBridge.exposeInMainWorld(
    'layerloom',
    buildBridge(
      (channel, args) => ipcRenderer.invoke(channel, args),
      (listener) => {
        const handler = (_event: Electron.IpcRendererEvent, command: unknown) => listener(command);
        ipcRenderer.on(MENU_CHANNEL, handler);
        return () => ipcRenderer.removeListener(MENU_CHANNEL, handler);
      },
      process.platform,
    ),
  );
}
