import { hostApiFromTransport } from './api';
import type { Envelope, HostApi } from './api';
import type { MenuCommand } from './channels';
import type { OpName } from './ops';

/**
 * What the preload puts on `window.layerloom`: every op returns an envelope (thrown errors lose
 * their code crossing IPC), plus the menu subscription. `createBridgeHostApi` turns it into HostApi.
 */
export type LayerloomBridge = {
  readonly ops: { readonly [K in OpName]: (args: unknown) => Promise<Envelope<unknown>> };
  /** Subscribes to app menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** Files the OS hands to the running app (double-click, second launch): open with openProject({ id }). */
  onOpenProject(listener: (projectId: string) => void): () => void;
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
