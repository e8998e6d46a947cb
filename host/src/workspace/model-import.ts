import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { ImportError } from '../../../graph-core/src/import';
import { serializeProject } from '../../../graph-core/src/document';
import { sidecarFolderFor } from '../../../graph-core/src/weights';
import { HostError } from '../contract/api';
import type { OpParsedArgs, OpReturn } from '../contract/ops';
import { writeFileAtomic } from '../fs/atomic-write';
import { resolveInside } from '../fs/resolve-inside';
import { importModelUploads } from '../import/model-files';
import type { HostContext } from './context';
import { PROJECT_EXT, safeFileName } from './layout';
import { writeProjectWithSidecar } from './weights-sidecar';

const exists = (file: string) =>
  fsp.stat(file).then(
    () => true,
    () => false,
  );

/**
 * File → Import model in the app: the uploaded model through the same importer as `layerloom
 * import`, written as `projects/<name>.layerloom` plus its weights sidecar (each file atomically,
 * the project last). An existing project or sidecar of that name is never overwritten; a failed
 * write leaves nothing behind. Layers without a Layerloom node come in as placeholder nodes.
 */
export async function importModel(
  ctx: HostContext,
  args: OpParsedArgs<'importModel'>,
): Promise<OpReturn<'importModel'>> {
  const model = args.files.find((f) => /\.(json|onnx)$/i.test(f.name)) ?? args.files[0];
  const base = args.name ?? (model?.name ?? 'model').replace(/\.(json|onnx)$/i, '');
  const name = base === 'model' && args.files.length > 1 ? 'imported model' : base;
  let imported;
  try {
    imported = importModelUploads(args.files, name);
  } catch (error) {
    if (error instanceof ImportError)
      throw new HostError('invalid', `Cannot import ${model?.name ?? 'the model'}: ${error.message}`);
    throw error;
  }
  const fileName = `${safeFileName(name, 'imported model')}${PROJECT_EXT}`;
  const id = `projects/${fileName}`;
  const file = await resolveInside(ctx.root, id);
  const sidecar = path.join(path.dirname(file), sidecarFolderFor(file));
  for (const target of [file, sidecar])
    if (await exists(target))
      throw new HostError(
        'exists',
        `a project named "${fileName}" (or its weights folder) already exists in the workspace: rename or remove it first`,
      );
  let doc = imported.document;
  try {
    if (imported.weights.length > 0) {
      doc = await writeProjectWithSidecar(file, doc, imported.weights, serializeProject);
    } else await writeFileAtomic(file, serializeProject(doc), { backup: false });
  } catch (error) {
    await fsp.rm(sidecar, { recursive: true, force: true });
    await fsp.rm(file, { force: true });
    throw new HostError('io', `cannot write ${id}: ${(error as Error).message}`);
  }
  return { id, name: doc.name, location: file, content: serializeProject(doc), warnings: imported.warnings };
}
