import { formatCount } from '../issues';
import { convertChannels, resizeBilinear } from '../resize';
import type { Dataset } from '../types';
import { readImageHeader, type ImageFormat } from './header';
import { planImageImport, type ImageFileEntry, type ImagePlanLimits, type SkippedFile } from './plan';

/** Interleaved 8-bit pixels as decoders return them (1, 3 or 4 channels; alpha is dropped). */
export interface DecodedImage {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Uint8Array | Uint8ClampedArray;
}

/** Decodes one file; returns `{ error }` for files it cannot read (never throws for bad data). */
export type ImageDecoder = (
  bytes: Uint8Array,
  format: ImageFormat,
) => Promise<DecodedImage | { error: string }> | DecodedImage | { error: string };

export interface ImageFileSource extends ImageFileEntry {
  read(): Promise<Uint8Array>;
}

export interface ImageImportOptions {
  /** [height, width] every image is resized to. */
  imageSize: [number, number];
  channels: 1 | 3;
  /** Images with more pixels than this are skipped before decoding. Default 40 megapixels. */
  maxPixels?: number;
  limits?: Partial<ImagePlanLimits>;
  name?: string;
  /** Called after each file, for progress bars. */
  onProgress?: (done: number, total: number) => void;
}

export interface ImageImportReport {
  /** Files seen in the folder, all kinds. */
  found: number;
  imported: number;
  skipped: SkippedFile[];
  classes: { name: string; count: number }[];
}

export const DEFAULT_MAX_PIXELS = 40_000_000;

export async function importImageFolder(
  files: readonly ImageFileSource[],
  decode: ImageDecoder,
  options: ImageImportOptions,
): Promise<{ dataset: Dataset | null; report: ImageImportReport }> {
  const [h, w] = options.imageSize;
  const c = options.channels;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const byPath = new Map(files.map((f) => [f.path, f]));
  const plan = planImageImport(files, options.limits);
  const skipped = [...plan.skipped];
  const size = h * w * c;
  const pixels: Float32Array[] = [];
  const labels: string[] = [];
  let done = 0;
  for (const item of plan.images) {
    const bytes = await (byPath.get(item.path) as ImageFileSource).read();
    const header = readImageHeader(bytes);
    if ('error' in header) {
      skipped.push({ path: item.path, reason: header.error });
    } else if (header.width * header.height > maxPixels) {
      skipped.push({
        path: item.path,
        reason: `too large: ${header.width}×${header.height} pixels is over the cap of ${formatCount(maxPixels)} pixels`,
      });
    } else {
      const decoded = await decode(bytes, header.format);
      if ('error' in decoded) {
        skipped.push({ path: item.path, reason: decoded.error });
      } else {
        const sample = toSample(decoded, [h, w], c);
        pixels.push(sample);
        labels.push(item.className);
      }
    }
    options.onProgress?.(++done, plan.images.length);
  }
  const classNames = [...new Set(labels)].sort();
  const index = new Map(classNames.map((n, i) => [n, i]));
  const counts = classNames.map((n) => labels.filter((l) => l === n).length);
  const report: ImageImportReport = {
    found: files.length,
    imported: pixels.length,
    skipped: skipped.sort((a, b) => (a.path < b.path ? -1 : 1)),
    classes: classNames.map((name, i) => ({ name, count: counts[i] as number })),
  };
  if (pixels.length === 0) return { dataset: null, report };
  const x = new Float32Array(pixels.length * size);
  pixels.forEach((p, i) => x.set(p, i * size));
  const dataset: Dataset = {
    name: options.name ?? 'Image folder',
    modality: 'image',
    featureShape: [h, w, c],
    task: 'classification',
    numClasses: classNames.length,
    classNames,
    count: pixels.length,
    x,
    y: Float32Array.from(labels, (l) => index.get(l) as number),
  };
  return { dataset, report };
}

/** Channel conversion, bilinear resize and scaling to [0, 1]. */
export function toSample(
  img: DecodedImage,
  [h, w]: readonly [number, number],
  channels: 1 | 3,
): Float32Array {
  const converted = convertChannels(img.data, img.width * img.height, img.channels, channels);
  const out = resizeBilinear(converted, [img.height, img.width, channels], [h, w]);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / 255;
  return out;
}

/** One line per reason with counts, for the import summary. */
export function summariseSkipped(skipped: readonly SkippedFile[]): string[] {
  const byReason = new Map<string, number>();
  for (const s of skipped) {
    const key = s.reason.replace(/:.*$/, '');
    byReason.set(key, (byReason.get(key) ?? 0) + 1);
  }
  return [...byReason].map(([reason, n]) => `${n} × ${reason}`);
}
