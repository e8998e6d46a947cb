import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ExportSource } from './source';
import { writeOnnxExport } from './onnx';
import { writePytorchExport } from './pytorch-writer';
import { writeTfjsExport } from './tfjs';

/** Writes one format into `outDir` (which exists) and returns the files it wrote, relative to it. */
type Writer = (source: ExportSource, outDir: string) => Promise<string[]>;

const WRITERS = {
  tfjs: writeTfjsExport,
  onnx: writeOnnxExport,
  pytorch: writePytorchExport,
} satisfies Record<string, Writer>;

export type ExportFormat = keyof typeof WRITERS;
export const EXPORT_FORMATS = Object.keys(WRITERS) as ExportFormat[];

export function isExportFormat(value: string): value is ExportFormat {
  return Object.prototype.hasOwnProperty.call(WRITERS, value);
}

/** `--out` is a file, or cannot be made: a usage problem, not the graph's (CLI exit 2). */
export class ExportTargetError extends Error {
  override readonly name = 'ExportTargetError';
}

export interface ExportResult {
  format: ExportFormat;
  dir: string;
  files: string[];
}

/**
 * Creates `outDir` when missing (an existing folder is written into) and writes the format there;
 * when the writer fails, the folders created here are removed again.
 */
export async function writeExport(
  source: ExportSource,
  format: ExportFormat,
  outDir: string,
): Promise<ExportResult> {
  const dir = path.resolve(outDir);
  const stat = await fsp.stat(dir).catch(() => null);
  if (stat && !stat.isDirectory()) throw new ExportTargetError(`--out ${outDir} is a file; give a folder`);
  let created: string | undefined;
  try {
    created = await fsp.mkdir(dir, { recursive: true });
  } catch (err) {
    throw new ExportTargetError(`cannot create ${outDir}: ${(err as Error).message}`);
  }
  try {
    const files = await WRITERS[format](source, dir);
    return { format, dir, files };
  } catch (err) {
    // A failed export leaves nothing behind: the folders this call created go again.
    if (created) await fsp.rm(created, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  }
}
