import path from 'node:path';
import { CompileError } from '../../../graph-core/src/compile';
import { DataPipelineError } from '../../../graph-core/src/data';
import { WeightsError, isUnsupportedExportError } from '../../../graph-core/src/weights';
import { EXPORT_FORMATS, ExportTargetError, isExportFormat, writeExport } from '../export/export';
import { ExportGraphError, ExportSourceError, loadExportSource } from '../export/source';
import { parseExportArgs } from './args';
import { AssetMissingError } from './node-io';
import type { CliIo } from './compare';
import { validateTable } from './validate';

const EXIT = { ok: 0, invalid: 1, unreadable: 2 } as const;

export const EXPORT_USAGE = `  layerloom export SOURCE --format ${EXPORT_FORMATS.join('|')} --out DIR [--workspace DIR] [--allow-data-outside]`;

/**
 * `layerloom export SOURCE --format F --out DIR`. Exit 0 written; 1 the graph has errors or uses
 * something the format cannot express (the node, the field and what to change are printed); 2 a bad
 * argument, an unreadable source, or an --out that is a file.
 */
export async function exportCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (code: number, message: string) => {
    io.err(`layerloom: ${message}\n`);
    return code;
  };
  const args = parseExportArgs(argv);
  if (!args.ok) return fail(EXIT.unreadable, `${args.error}\nUsage:\n${EXPORT_USAGE}`);
  const { source: given, format, out, workspace, allowDataOutside } = args.value;
  if (!isExportFormat(format))
    return fail(EXIT.unreadable, `--format must be one of ${EXPORT_FORMATS.join(', ')}, not "${format}"`);
  try {
    const source = await loadExportSource(given, {
      workspace,
      allowDataOutside,
      warn: (m) => io.err(`warning: ${m}\n`),
    });
    const result = await writeExport(source, format, out);
    const from =
      source.kind === 'run'
        ? `run ${path.basename(source.path)} (trained weights)`
        : `project ${path.basename(source.path)} (${source.document.weights ? 'the weights it carries' : "fresh weights from the Optimizer's seed"})`;
    io.out(`Exported ${from} as ${format} to ${path.relative(process.cwd(), result.dir) || '.'}\n`);
    for (const file of result.files) io.out(`  ${file}\n`);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof ExportSourceError || err instanceof ExportTargetError)
      return fail(EXIT.unreadable, err.message);
    // The data a format ships with the model (PyTorch's data.npz) could not be read: the source is
    // not usable as given, like a missing file, and nothing was written.
    if (err instanceof DataPipelineError || err instanceof AssetMissingError)
      return fail(EXIT.unreadable, `${given}: its data cannot be read: ${err.message}`);
    if (err instanceof WeightsError)
      return fail(EXIT.unreadable, `${given}: its weights do not fit its graph: ${err.message}`);
    if (err instanceof ExportGraphError) {
      io.err(`${validateTable(err.document, given, err.analysis)}\n`);
      return fail(EXIT.invalid, err.message);
    }
    if (isUnsupportedExportError(err))
      return fail(
        EXIT.invalid,
        `cannot export as ${err.format}: ${err.reason}\n  node ${err.nodeId}${err.field ? `, field ${err.field}` : ''}: ${err.fix}`,
      );
    if (err instanceof CompileError)
      return fail(
        EXIT.invalid,
        `cannot export: ${err.message}${err.nodeId ? `\n  node ${err.nodeId}${err.field ? `, field ${err.field}` : ''}` : ''}`,
      );
    throw err;
  }
}
