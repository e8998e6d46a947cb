import type { Envelope } from '../../host/src/contract/api';
import type { LayerloomBridge } from '../../host/src/contract/bridge';
import {
  HOST_OP_NAMES,
  ipcChannel,
  isExternalProjectId,
  isMenuCommand,
} from '../../host/src/contract/channels';
import type { HostOpName, MenuCommand } from '../../host/src/contract/channels';

/**
 * Exactly the contract's operations, one fixed channel each, plus the menu subscription: no
 * generic `invoke(channel)`, no ipcRenderer, no Node. The main process checks everything again.
 */
export function buildBridge(
  invoke: (channel: string, args: unknown) => Promise<unknown>,
  subscribe: (channel: 'menu' | 'open', listener: (payload: unknown) => void) => () => void,
  platform: string,
): LayerloomBridge {
  const ops = Object.fromEntries(
    HOST_OP_NAMES.map((op) => [
      op,
      (args: unknown) => invoke(ipcChannel(op), args) as Promise<Envelope<unknown>>,
    ]),
  ) as Record<HostOpName, (args: unknown) => Promise<Envelope<unknown>>>;
  return Object.freeze({
    ops: Object.freeze(ops),
    onMenuCommand: (listener: (command: MenuCommand) => void) =>
      subscribe('menu', (command) => {
        if (isMenuCommand(command)) listener(command);
      }),
    onOpenProject: (listener: (projectId: string) => void) =>
      subscribe('open', (id) => {
        if (isExternalProjectId(id)) listener(id);
      }),
    platform,
  });
}
