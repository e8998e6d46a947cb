import { hostApiFromTransport, HostErrorBody } from './api';
import type { Envelope, HostApi } from './api';
import { parseWire, stringifyWire } from './wire';

export const TOKEN_HEADER = 'x-layerloom-token';
export const API_PREFIX = '/api/';

type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<{
  status: number;
  text(): Promise<string>;
}>;

/**
 * HostApi over the local server (browser mode). Binary travels as base64 inside JSON; every
 * answer is an envelope, so errors keep their code. `baseUrl` '' means the page's own origin.
 */
export function createHttpHostApi(baseUrl: string, token: string, fetchImpl?: FetchLike): HostApi {
  const doFetch: FetchLike = fetchImpl ?? ((url, init) => fetch(url, init));
  const root = baseUrl.replace(/\/+$/, '');
  return hostApiFromTransport(async (op, args): Promise<Envelope<unknown>> => {
    let response: Awaited<ReturnType<FetchLike>>;
    try {
      response = await doFetch(`${root}${API_PREFIX}${op}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: stringifyWire(args),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        error: { code: 'io', message: `the Layerloom server did not answer (${message})` },
      };
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = parseWire(text);
    } catch {
      return {
        ok: false,
        error: { code: 'internal', message: `server answered ${response.status} with non-JSON` },
      };
    }
    if (typeof body === 'object' && body !== null && 'ok' in body) return body as Envelope<unknown>;
    const error = HostErrorBody.safeParse((body as { error?: unknown } | null)?.error);
    return {
      ok: false,
      error: error.success
        ? error.data
        : { code: 'internal', message: `unexpected answer (HTTP ${response.status})` },
    };
  });
}

/** Reads the token the server put in the page URL (`?token=…`), for the renderer's bootstrap. */
export function tokenFromLocation(search: string): string | null {
  const token = new URLSearchParams(search).get('token');
  return token && /^[A-Za-z0-9_-]{16,128}$/.test(token) ? token : null;
}
