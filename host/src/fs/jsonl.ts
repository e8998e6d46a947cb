import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { openInside } from './resolve-inside';

export interface JsonlRead {
  records: Record<string, unknown>[];
  /** Lines that were not a JSON object: a torn last line after a crash, or damage. */
  skipped: number;
}

/** Reads JSON Lines without ever failing: a half-written last line is ignored, not fatal. */
export function parseJsonl(text: string): JsonlRead {
  const records: Record<string, unknown>[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    try {
      const value = JSON.parse(trimmed) as unknown;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        records.push(value as Record<string, unknown>);
        continue;
      }
    } catch {
      // counted below
    }
    skipped++;
  }
  return { records, skipped };
}

export async function readJsonl(file: string): Promise<JsonlRead> {
  try {
    return parseJsonl(await fsp.readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
    throw error;
  }
}

/**
 * Appends records, one JSON line each, and fsyncs. If a crash left the file ending mid-line, the
 * new records start on a fresh line, so only the torn fragment is lost.
 */
export async function appendJsonl(file: string, records: readonly unknown[]): Promise<void> {
  if (records.length === 0) return;
  await appendTo(await fsp.open(file, 'a+'), records);
}

/** `appendJsonl` for `rel` inside `dir`, opened without following a link swapped in after the check. */
export async function appendJsonlInside(
  dir: string,
  rel: string,
  records: readonly unknown[],
): Promise<void> {
  if (records.length === 0) return;
  await appendTo(await openInside(dir, rel, 'append'), records);
}

async function appendTo(handle: FileHandle, records: readonly unknown[]): Promise<void> {
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await handle.appendFile(prefix + records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
}
