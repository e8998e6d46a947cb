import { contextBridge, ipcRenderer } from 'electron';
import { MENU_CHANNEL, OPEN_CHANNEL } from '../../host/src/contract/channels';
import { buildBridge } from './bridge';

if (process.contextIsolated) {
  contextBridge.exposeInMainWorld(
    'layerloom',
    buildBridge(
      (channel, args) => ipcRenderer.invoke(channel, args),
      (which, listener) => {
        const channel = which === 'menu' ? MENU_CHANNEL : OPEN_CHANNEL;
        const handler = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
        ipcRenderer.on(channel, handler);
        return () => ipcRenderer.removeListener(channel, handler);
      },
      process.platform,
    ),
  );
}
