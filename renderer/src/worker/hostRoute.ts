/**
 * The worker's HostApi. In a browser it talks to the local server itself (the page's token), so
 * large payloads — the MNIST asset, weights — never pass through the main thread. In Electron the
 * bridge lives on the page's window only, so calls are relayed through the page as envelopes.
 */
import {
  createHttpHostApi,
  hostApiFromTransport,
  toErrorBody,
  type Envelope,
  type HostApi,
  type OpName,
} from '../../../host/src/contract';
import type { HostRoute, WorkerToMain } from './protocol';

export interface WorkerHost {
  host: HostApi;
  /** Feeds a relayed answer back to its waiting call. */
  settle(id: number, envelope: Envelope<unknown>): void;
}

export function workerHost(route: HostRoute, post: (message: WorkerToMain) => void): WorkerHost {
  if (route.kind === 'http') {
    return { host: createHttpHostApi(route.baseUrl, route.token), settle: () => undefined };
  }
  let next = 1;
  const waiting = new Map<number, (envelope: Envelope<unknown>) => void>();
  const host = hostApiFromTransport(
    (op, args) =>
      new Promise<Envelope<unknown>>((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        post({ type: 'hostCall', id, op, args });
      }),
  );
  return {
    host,
    settle(id, envelope) {
      const resolve = waiting.get(id);
      waiting.delete(id);
      resolve?.(envelope);
    },
  };
}

/** The page's half of the relay: runs one call on the real host and answers with an envelope. */
export async function relayHostCall(host: HostApi, op: OpName, args: unknown): Promise<Envelope<unknown>> {
  try {
    const fn = host[op] as (a: unknown) => Promise<unknown>;
    return { ok: true, value: await fn(args) };
  } catch (error) {
    return { ok: false, error: toErrorBody(error) };
  }
}
