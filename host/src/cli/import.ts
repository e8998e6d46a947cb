import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { serializeProject } from '../../../graph-core/src/document';
import { ImportError, type ImportedModel } from '../../../graph-core/src/import';
import { sidecarFolderFor } from '../../../graph-core/src/weights';
import { writeFileAtomic } from '../fs/atomic-write';
import { importModelFile } from '../import/model-files';
import { writeProjectWithSidecar } from '../workspace/weights-sidecar';
import { analyzeWithData } from './analysis-context';
import { parseImportArgs } from './args';
import type { CliIo } from './compare';
import { cliWorkspaceDir, findAssetsDir, nodeDataIO } from './node-io';
import { validateTable } from './validate';

const EXIT = { ok: 0, invalid: 1, unreadable: 2 } as const;

export const IMPORT_USAGE =
  '  layerloom import MODEL --out PROJECT.layerloom [--name NAME] [--allow-unsupported] [--workspace DIR]';

async function exists(p: string): Promise<boolean> {
  return fsp.stat(p).then(
    () => true,
    () => false,
  );
}

function unsupportedList(imported: ImportedModel): string[] {
  return imported.document.nodes
    .filter((n) => n.type === 'Unsupported')
    .map((n) => `  ${String(n.params['op'])} at node '${n.id}': ${String(n.params['reason'])}`);
}

/**
 * `layerloom import MODEL --out PROJECT.layerloom`: a model file as a project plus its weights
 * sidecar. Exit 0 written; 1 the model has layers without a Layerloom node (listed; written as
 * placeholder nodes only with --allow-unsupported); 2 bad usage or a file that cannot be read as a
 * model. Nothing is written unless the exit is 0.
 */
export async function importCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (code: number, message: string) => {
    io.err(`layerloom: ${message}\n`);
    return code;
  };
  const args = parseImportArgs(argv);
  if (!args.ok) return fail(EXIT.unreadable, `${args.error}\nUsage:\n${IMPORT_USAGE}`);
  const { model, out, allowUnsupported } = args.value;
  const outFile = path.resolve(out);
  const sidecar = path.join(path.dirname(outFile), sidecarFolderFor(outFile));
  for (const target of [outFile, sidecar])
    if (await exists(target))
      return fail(
        EXIT.unreadable,
        `${path.relative(process.cwd(), target)} already exists; choose another --out or remove it.`,
      );
  const name = args.value.name ?? path.basename(outFile).replace(/\.layerloom$/i, '');
  let imported: ImportedModel;
  try {
    imported = await importModelFile(model, name);
  } catch (err) {
    if (err instanceof ImportError) return fail(EXIT.unreadable, err.message);
    throw err;
  }
  const unsupported = unsupportedList(imported);
  if (unsupported.length > 0 && !allowUnsupported)
    return fail(
      EXIT.invalid,
      `${path.basename(model)}: ${unsupported.length} layer(s) have no Layerloom node; nothing was written.\n${unsupported.join('\n')}\nRun again with --allow-unsupported to import them as placeholder nodes to replace.`,
    );
  let doc = imported.document;
  try {
    if (imported.weights.length > 0)
      doc = await writeProjectWithSidecar(outFile, doc, imported.weights, serializeProject);
    else await writeFileAtomic(outFile, serializeProject(doc), { backup: false });
  } catch (err) {
    // Nothing half-written stays behind: both targets were checked absent above.
    await fsp.rm(sidecar, { recursive: true, force: true });
    await fsp.rm(outFile, { force: true });
    return fail(EXIT.unreadable, `cannot write ${out}: ${(err as Error).message}`);
  }
  for (const w of imported.warnings) io.err(`warning: ${w}\n`);
  const dataIo = nodeDataIO(path.dirname(outFile), findAssetsDir(), cliWorkspaceDir(args.value.workspace), {
    warn: (m) => io.err(`warning: ${m}\n`),
  });
  const analysis = await analyzeWithData(doc, dataIo);
  io.out(`${validateTable(doc, out, analysis)}\n`);
  const layers = doc.nodes.filter((n) => !['Dataset', 'Loss', 'Optimizer'].includes(n.type)).length;
  const carried = doc.weights?.nodes.length ?? 0;
  io.out(
    `Imported ${path.basename(model)}: ${layers} layers, ${carried} with weights${unsupported.length ? `, ${unsupported.length} placeholder(s) to replace` : ''}.\n`,
  );
  io.out(`Project: ${out}\n`);
  if (carried > 0) io.out(`Weights: ${path.join(path.dirname(out), sidecarFolderFor(out))}${path.sep}\n`);
  return EXIT.ok;
}
