import { z } from 'zod';
import { dataError, type DataResult } from './issues';
import { sampleSize, type Dataset } from './types';

/**
 * Compact workspace form of an imported dataset: `meta.json` (this JSON) plus `data.bin` (the
 * features, then the labels). Images in [0, 1] are kept as 8-bit pixels, a quarter of float32, which
 * is lossless for pixels that came from 8-bit files and within 1/510 after resizing. Typed arrays
 * are little-endian on every platform Layerloom runs on.
 */
export const DATASET_FORMAT = 'layerloom-dataset';
export const DATASET_FORMAT_VERSION = 1;

const Column = z.object({
  name: z.string(),
  kind: z.enum(['number', 'category']),
  categories: z.array(z.string()).optional(),
});

export const DatasetMetaSchema = z.object({
  format: z.literal(DATASET_FORMAT),
  version: z.number().int().min(1),
  name: z.string(),
  modality: z.enum(['image', 'tabular', 'points']),
  featureShape: z.array(z.number().int().positive()).min(1),
  task: z.enum(['classification', 'regression']),
  numClasses: z.number().int().positive(),
  classNames: z.array(z.string()),
  featureNames: z.array(z.string()).optional(),
  columns: z.array(Column).optional(),
  count: z.number().int().nonnegative(),
  encoding: z.object({ x: z.enum(['float32', 'uint8']), y: z.enum(['float32', 'uint16']) }),
  byteLength: z.number().int().nonnegative(),
  /** Where the data came from (file name, import options); shown to the user, never needed to load. */
  origin: z.record(z.string(), z.unknown()).optional(),
});

export type DatasetMeta = z.infer<typeof DatasetMetaSchema>;

function canQuantize(ds: Dataset): boolean {
  if (ds.modality !== 'image') return false;
  for (let i = 0; i < ds.x.length; i++) {
    const v = ds.x[i] as number;
    if (!(v >= 0 && v <= 1)) return false;
  }
  return true;
}

const align4 = (n: number): number => (n + 3) & ~3;

export function encodeDataset(
  ds: Dataset,
  origin?: Record<string, unknown>,
): { meta: DatasetMeta; data: Uint8Array } {
  const xEnc = canQuantize(ds) ? 'uint8' : 'float32';
  const yEnc = ds.task === 'classification' && ds.numClasses <= 65_536 ? 'uint16' : 'float32';
  const xBytes = ds.x.length * (xEnc === 'uint8' ? 1 : 4);
  const yOffset = align4(xBytes);
  const byteLength = yOffset + ds.count * (yEnc === 'uint16' ? 2 : 4);
  const data = new Uint8Array(byteLength);
  if (xEnc === 'uint8') {
    for (let i = 0; i < ds.x.length; i++) data[i] = Math.round((ds.x[i] as number) * 255);
  } else {
    data.set(new Uint8Array(ds.x.buffer, ds.x.byteOffset, xBytes));
  }
  const y = yEnc === 'uint16' ? Uint16Array.from(ds.y) : Float32Array.from(ds.y);
  data.set(new Uint8Array(y.buffer, 0, y.byteLength), yOffset);
  const meta: DatasetMeta = {
    format: DATASET_FORMAT,
    version: DATASET_FORMAT_VERSION,
    name: ds.name,
    modality: ds.modality,
    featureShape: [...ds.featureShape],
    task: ds.task,
    numClasses: ds.numClasses,
    classNames: [...ds.classNames],
    count: ds.count,
    encoding: { x: xEnc, y: yEnc },
    byteLength,
  };
  if (ds.featureNames) meta.featureNames = [...ds.featureNames];
  if (ds.columns) meta.columns = ds.columns.map((c) => ({ ...c }));
  if (origin) meta.origin = origin;
  return { meta, data };
}

export function decodeDataset(metaJson: unknown, data: Uint8Array): DataResult<Dataset> {
  const parsed = DatasetMetaSchema.safeParse(metaJson);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(
      `meta.json is not a Layerloom dataset: ${issue?.path.join('.') || 'root'}: ${issue?.message ?? ''}`,
    );
  }
  const meta = parsed.data;
  if (meta.version > DATASET_FORMAT_VERSION) {
    return fail(
      `The dataset was saved by a newer Layerloom (format version ${meta.version}); update to open it.`,
    );
  }
  const n = meta.count * sampleSize(meta.featureShape);
  const xBytes = n * (meta.encoding.x === 'uint8' ? 1 : 4);
  const yOffset = align4(xBytes);
  const expected = yOffset + meta.count * (meta.encoding.y === 'uint16' ? 2 : 4);
  if (data.byteLength !== expected || meta.byteLength !== expected) {
    return fail(
      `data.bin has ${data.byteLength} bytes but the metadata describes ${expected}; the dataset is damaged.`,
    );
  }
  // Copy into fresh buffers: the input may be unaligned (a Node Buffer slice).
  const bytes = data.slice();
  let x: Float32Array;
  if (meta.encoding.x === 'uint8') {
    x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = (bytes[i] as number) / 255;
  } else {
    x = new Float32Array(bytes.buffer, 0, n);
  }
  const y =
    meta.encoding.y === 'uint16'
      ? Float32Array.from(new Uint16Array(bytes.buffer, yOffset, meta.count))
      : new Float32Array(bytes.buffer, yOffset, meta.count);
  if (meta.task === 'classification') {
    const bad = y.findIndex((v) => !(v >= 0 && v < meta.numClasses && Number.isInteger(v)));
    if (bad >= 0) return fail(`Sample ${bad} has label ${y[bad]}, outside the ${meta.numClasses} classes.`);
  }
  const ds: Dataset = {
    name: meta.name,
    modality: meta.modality,
    featureShape: meta.featureShape,
    task: meta.task,
    numClasses: meta.numClasses,
    classNames: meta.classNames,
    count: meta.count,
    x,
    y,
  };
  if (meta.featureNames) ds.featureNames = meta.featureNames;
  if (meta.columns) ds.columns = meta.columns;
  return { ok: true, value: ds, warnings: [] };
}

function fail(message: string): DataResult<Dataset> {
  return { ok: false, errors: [dataError(message)] };
}
