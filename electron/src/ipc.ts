import type { IpcMainInvokeEvent } from 'electron';
import { dispatch } from '../../host/src/contract/api';
import type { Envelope, HostHandlers } from '../../host/src/contract/api';
import { HOST_OP_NAMES, ipcChannel } from '../../host/src/contract/channels';
import { isAppUrl } from './security';

/** The part of `ipcMain` we use, so tests can drive the handlers without Electron. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>,
  ): void;
}

/**
 * A message is trusted only when it comes from the main frame of one of our windows showing an
 * app:// page: never from a subframe, another page, or a window we did not create.
 */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  windowIds: ReadonlySet<number>,
): boolean {
  const frame = event.senderFrame;
  if (!frame || !windowIds.has(event.sender.id)) return false;
  if (frame !== event.sender.mainFrame) return false;
  return isAppUrl(frame.url);
}

/** One handler per contract op: sender checked, argument parsed by its schema, result checked. */
export function registerIpcHandlers(
  ipc: IpcMainLike,
  handlers: HostHandlers,
  windowIds: ReadonlySet<number>,
): void {
  for (const op of HOST_OP_NAMES) {
    ipc.handle(ipcChannel(op), async (event, ...args): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event, windowIds)) {
        return { ok: false, error: { code: 'forbidden', message: 'message from an untrusted frame' } };
      }
      if (args.length > 1)
        return { ok: false, error: { code: 'invalid', message: `${op}: takes one argument` } };
      return dispatch(handlers, op, args[0]);
    });
  }
}
