import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { version_core } from '@tensorflow/tfjs-core';
import type { BackendChoice, ProbeCache } from '../../../graph-core/src/backends';
import { writeJsonAtomic } from '../fs/atomic-write';

/** Where `--backend auto` keeps its probe results inside a workspace. */
export const probeCacheFile = (workspaceDir: string): string =>
  path.join(workspaceDir, 'cache', 'backend-probe.json');

/** Oldest entries are dropped beyond this; one entry per model shape is small, but sweeps make many. */
export const MAX_PROBE_ENTRIES = 200;

interface StoredCache {
  version: 1;
  entries: Record<string, BackendChoice>;
}

/**
 * What makes a probe answer stale: another CPU, OS or tfjs build. Hostnames are left out on
 * purpose: a workspace synced between two identical machines may share answers.
 */
export function machineKey(): string {
  const cpus = os.cpus();
  return `${process.platform}-${process.arch}|${cpus[0]?.model.trim() ?? 'cpu'} x${cpus.length}|tfjs ${version_core}`;
}

function isChoice(v: unknown): v is BackendChoice {
  if (!v || typeof v !== 'object') return false;
  const c = v as Record<string, unknown>;
  return typeof c['chosen'] === 'string' && typeof c['reason'] === 'string' && Array.isArray(c['probes']);
}

async function readEntries(file: string): Promise<Record<string, BackendChoice>> {
  try {
    const parsed = JSON.parse(await fsp.readFile(file, 'utf8')) as Partial<StoredCache>;
    if (parsed.version !== 1 || !parsed.entries || typeof parsed.entries !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed.entries).filter(([, v]) => isChoice(v)));
  } catch {
    // Missing or damaged: a cache only saves time, so start afresh.
    return {};
  }
}

/**
 * A probe cache in one JSON file, replaced atomically. A cache that cannot be written never fails
 * a run; the next run just probes again.
 */
export function fileProbeCache(file: string): ProbeCache {
  return {
    async get(key) {
      const entry = (await readEntries(file))[key];
      if (!entry) return undefined;
      const { cached: _cached, ...choice } = entry;
      return choice;
    },
    async set(key, choice) {
      const entries = await readEntries(file);
      delete entries[key];
      entries[key] = choice;
      const keys = Object.keys(entries);
      for (const old of keys.slice(0, Math.max(0, keys.length - MAX_PROBE_ENTRIES))) delete entries[old];
      try {
        await fsp.mkdir(path.dirname(file), { recursive: true });
        await writeJsonAtomic(file, { version: 1, entries } satisfies StoredCache, { backup: false });
      } catch {
        // Read-only workspace or full disk: training goes on without remembering the probe.
      }
    },
  };
}
