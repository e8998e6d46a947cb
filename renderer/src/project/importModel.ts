import type { HostApi, OpResult } from '../../../host/src/contract';

/** File names that make a pick or a drop an "Import model" (a .onnx, or a tfjs model.json). */
export function isModelPick(names: readonly string[]): boolean {
  const json = names.some((n) => /\.json$/i.test(n));
  return names.some((n) => /\.onnx$/i.test(n) || /^model\.json$/i.test(n) || (json && /\.bin$/i.test(n)));
}

/**
 * File → Import model: the picked files' bytes go to the host, which runs the one importer and
 * saves the project with its weights in the workspace. The project name is the model file's.
 */
export async function importModelFiles(
  host: Pick<HostApi, 'importModel'>,
  files: readonly File[],
): Promise<OpResult<'importModel'>> {
  const uploads = await Promise.all(
    files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
  );
  return host.importModel({ files: uploads });
}
