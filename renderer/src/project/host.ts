/**
 * One UI, several hosts: inside Electron the preload's `window.layerloom`, in a browser the local
 * server over HTTP with the token from the page URL.
 */
import {
  createBridgeHostApi,
  createHttpHostApi,
  tokenFromLocation,
  type HostApi,
} from '../../../host/src/contract';

export type HostChoice =
  { ok: true; host: HostApi; kind: 'electron' | 'server' } | { ok: false; reason: string };

export function selectHost(win: Window): HostChoice {
  if (win.layerloom) return { ok: true, host: createBridgeHostApi(win.layerloom), kind: 'electron' };
  const token = tokenFromLocation(win.location.search);
  if (!token) {
    return {
      ok: false,
      reason:
        'This page was opened without its access token. Open the URL that `npm run serve` printed (it ends in ?token=…).',
    };
  }
  return { ok: true, host: createHttpHostApi('', token), kind: 'server' };
}
