import { promises as fsp } from 'node:fs';
import { parseProject } from '../../../graph-core/src/document';
import type { GraphDocument } from '../../../graph-core/src/document';
import type { NamedWeight } from '../../../graph-core/src/weights';
import { HostError } from '../contract/api';
import { readSidecarWeights } from '../workspace/weights-sidecar';

export type ReadProject =
  { ok: true; doc: GraphDocument; text: string; weights: NamedWeight[] } | { ok: false; error: string };

/**
 * Reads and parses a project file, and the weights its sidecar carries (version 2); every failure is
 * one line naming the file.
 */
export async function readProjectFile(file: string): Promise<ReadProject> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : (err as Error).message;
    return { ok: false, error: `cannot read ${file}: ${why}` };
  }
  const parsed = parseProject(text);
  if (!parsed.ok) return { ok: false, error: `${file}: ${parsed.error}` };
  try {
    return { ok: true, doc: parsed.doc, text, weights: await readSidecarWeights(file, parsed.doc) };
  } catch (err) {
    if (err instanceof HostError) return { ok: false, error: `${file}: ${err.message}` };
    throw err;
  }
}
