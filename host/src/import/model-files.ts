import { promises as fsp } from 'node:fs';
import path from 'node:path';
import {
  formatCount,
  IMPORT_LIMITS,
  ImportError,
  importTfjsLayers,
  readTfjsModelJson,
  type ImportedModel,
} from '../../../graph-core/src/import';
import { importOnnx, OnnxError } from '../../../graph-core/src/onnx';
import { HostError } from '../contract/api';
import { resolveInside } from '../fs/resolve-inside';

/** The model file kinds `layerloom import` and the app recognise, by how the file name ends. */
export type ModelFileKind = 'tfjs' | 'onnx';

/** Which importer a file goes to, or an ImportError saying what to do with it. */
export function modelFileKind(file: string): ModelFileKind {
  const name = path.basename(file).toLowerCase();
  if (name.endsWith('.json')) return 'tfjs';
  if (name.endsWith('.onnx')) return 'onnx';
  if (name.endsWith('.h5') || name.endsWith('.keras') || name.endsWith('.pb'))
    throw new ImportError(
      `${path.basename(file)} is a Keras/TensorFlow file; convert it to a tfjs layers model first (tensorflowjs_converter --input_format keras ${path.basename(file)} OUT_DIR) and import OUT_DIR/model.json.`,
    );
  throw new ImportError(
    `${path.basename(file)} is not a model file Layerloom imports: give a tfjs layers model.json (with its weight files beside it) or an .onnx file.`,
  );
}

async function readLimited(file: string, limit: number, what: string): Promise<Buffer> {
  let size: number;
  try {
    const stat = await fsp.stat(file);
    if (stat.isDirectory()) throw new ImportError(`${file} is a folder; give the model file in it.`);
    size = stat.size;
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImportError(
      `cannot read ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  if (size > limit)
    throw new ImportError(
      `${what} ${path.basename(file)} is ${formatCount(size)} bytes; the limit is ${formatCount(limit)}.`,
    );
  return fsp.readFile(file);
}

/**
 * Reads a tfjs layers model from disk: model.json, then each weight file its manifest names, each
 * resolved inside model.json's folder (no `..`, no absolute path, no link leading out).
 */
export async function importTfjsFromDisk(modelJson: string, name: string): Promise<ImportedModel> {
  const where = path.basename(modelJson);
  const text = (await readLimited(modelJson, IMPORT_LIMITS.modelBytes, 'model file')).toString('utf8');
  const model = readTfjsModelJson(text, where);
  const folder = path.dirname(path.resolve(modelJson));
  let total = 0;
  const shards: Uint8Array[] = [];
  for (const rel of model.manifest.paths) {
    let file: string;
    try {
      file = await resolveInside(folder, rel);
    } catch (error) {
      if (error instanceof HostError) throw new ImportError(`${where}: weight file ${error.message}.`);
      throw error;
    }
    const bytes = await readLimited(file, IMPORT_LIMITS.weightBytes - total, 'weight file');
    total += bytes.byteLength;
    shards.push(bytes);
  }
  return importTfjsLayers(model, shards, { name, where });
}

function onnxFromBytes(bytes: Uint8Array, fileName: string, name: string): ImportedModel {
  if (bytes.byteLength > IMPORT_LIMITS.onnxBytes)
    throw new ImportError(
      `model file ${fileName} is ${formatCount(bytes.byteLength)} bytes; the limit is ${formatCount(IMPORT_LIMITS.onnxBytes)}.`,
    );
  try {
    return importOnnx(bytes, { name });
  } catch (error) {
    if (error instanceof OnnxError) throw new ImportError(`${fileName}: ${error.message}`);
    throw error;
  }
}

/** Any model file Layerloom imports, dispatched on its kind. */
export async function importModelFile(file: string, name: string): Promise<ImportedModel> {
  const kind = modelFileKind(file);
  switch (kind) {
    case 'tfjs':
      return importTfjsFromDisk(file, name);
    case 'onnx': {
      const bytes = await readLimited(file, IMPORT_LIMITS.onnxBytes, 'model file');
      return onnxFromBytes(
        new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        path.basename(file),
        name,
      );
    }
  }
}

/** A file the user picked or dropped in the app: its name (no folders) and its bytes. */
export interface UploadedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * The app's import: one `.onnx` file, or a tfjs `model.json` picked together with the weight files
 * its manifest names (matched by file name). The same importers as `layerloom import`.
 */
export function importModelUploads(files: readonly UploadedFile[], name: string): ImportedModel {
  const models = files.filter((f) => /\.(json|onnx)$/i.test(f.name));
  if (models.length !== 1) {
    const first = files[0]?.name ?? 'nothing';
    if (models.length === 0) modelFileKind(first); // says what the file is, and what to give instead
    throw new ImportError(
      `pick one model file (a .onnx file, or a model.json with its weight files), not ${models.map((m) => m.name).join(' and ')}.`,
    );
  }
  const model = models[0]!;
  if (modelFileKind(model.name) === 'onnx') return onnxFromBytes(model.bytes, model.name, name);
  if (model.bytes.byteLength > IMPORT_LIMITS.modelBytes)
    throw new ImportError(
      `model file ${model.name} is ${formatCount(model.bytes.byteLength)} bytes; the limit is ${formatCount(IMPORT_LIMITS.modelBytes)}.`,
    );
  const parsed = readTfjsModelJson(new TextDecoder().decode(model.bytes), model.name);
  let total = 0;
  const shards = parsed.manifest.paths.map((rel) => {
    const wanted = path.posix.basename(rel.replace(/\\/g, '/'));
    const shard = files.find((f) => f.name === wanted);
    if (!shard)
      throw new ImportError(
        `${model.name} needs its weight file ${wanted}: pick it together with ${model.name}.`,
      );
    total += shard.bytes.byteLength;
    if (total > IMPORT_LIMITS.weightBytes)
      throw new ImportError(
        `the weight files of ${model.name} are over ${formatCount(IMPORT_LIMITS.weightBytes)} bytes.`,
      );
    return shard.bytes;
  });
  return importTfjsLayers(parsed, shards, { name, where: model.name });
}
