import { hostApiFromTransport } from './api';
import type { Envelope, HostApi } from './api';
import type { OpName } from './ops';

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
export const ipcChannel = (op: OpName): string => `${IPC_PREFIX}${op}`;

/**
 * What the preload puts on `window.layerloom`: every op returns an envelope (thrown errors lose
 * their code crossing IPC), plus the menu subscription. `createBridgeHostApi` turns it into HostApi.
 */
export type LayerloomBridge = {
  readonly ops: { readonly [K in OpName]: (args: unknown) => Promise<Envelope<unknown>> };
  /** Subscribes to app menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  readonly platform: string;
};

export function createBridgeHostApi(bridge: LayerloomBridge): HostApi {
  return hostApiFromTransport((op, args) => bridge.ops[op](args));
}

declare global {
  interface Window {
    /** Present only inside the Electron shell. */
    layerloom?: LayerloomBridge;
  }
}
