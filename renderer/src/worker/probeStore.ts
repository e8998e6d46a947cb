/**
 * Probe results that outlive the worker: each run gets a fresh worker, so an in-memory cache never
 * answered twice. IndexedDB is reachable from workers and keeps per-origin data across restarts.
 */
import type { BackendChoice, BackendProbe, ProbeCache } from '../../../graph-core/src/backends';

/** The two calls the cache needs, so it can be tested without a browser. */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown): Promise<void>;
}

const isProbe = (p: unknown): p is BackendProbe =>
  typeof p === 'object' &&
  p !== null &&
  typeof (p as BackendProbe).backend === 'string' &&
  typeof (p as BackendProbe).ok === 'boolean';

/** Stored data may come from an older build or be damaged: anything else than a choice is ignored. */
export function asChoice(value: unknown): BackendChoice | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<BackendChoice>;
  if (typeof v.chosen !== 'string' || typeof v.reason !== 'string') return undefined;
  if (!Array.isArray(v.probes) || !v.probes.every(isProbe)) return undefined;
  return { chosen: v.chosen, reason: v.reason, probes: v.probes };
}

/** A cache over a store; a store that fails (private mode, quota) only costs a fresh probe. */
export function storedProbeCache(store: KeyValueStore): ProbeCache {
  return {
    get: async (key) => {
      try {
        return asChoice(await store.get(key));
      } catch {
        return undefined;
      }
    },
    set: async (key, choice) => {
      try {
        await store.put(key, { chosen: choice.chosen, reason: choice.reason, probes: choice.probes });
      } catch {
        // Not remembered: the next run probes again.
      }
    },
  };
}

const request = <T>(r: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });

/** One object store in its own database; opened on first use. */
export function indexedDbStore(factory: IDBFactory, dbName: string, storeName: string): KeyValueStore {
  let db: Promise<IDBDatabase> | null = null;
  const open = (): Promise<IDBDatabase> => {
    db ??= new Promise((resolve, reject) => {
      const r = factory.open(dbName, 1);
      r.onupgradeneeded = () => r.result.createObjectStore(storeName);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error(`cannot open ${dbName}`));
    });
    return db;
  };
  const store = async (mode: IDBTransactionMode) =>
    (await open()).transaction(storeName, mode).objectStore(storeName);
  return {
    get: async (key) => request((await store('readonly')).get(key)),
    put: async (key, value) => void (await request((await store('readwrite')).put(value, key))),
  };
}

/**
 * What makes one machine's ranking differ from another's: the browser build, the core count and
 * the GPU as the driver names it, and how many threads wasm runs on.
 */
export function machineKey(userAgent: string, cores: number, gpu: string | null, wasmThreads = 1): string {
  // Probes taken before wasm ran threaded (one thread, no suffix) no longer stand for it.
  return `${userAgent}|${cores} cores|${gpu ?? 'no webgl'}${wasmThreads > 1 ? `|wasm ${wasmThreads} threads` : ''}`;
}
