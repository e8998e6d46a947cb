import type { HostApi } from '../../../../host/src/contract';
import type { DecodedImage, ImageDecoder, ImageFileSource } from '../../../../graph-core/src/data';
import type { ImportIO } from '../../../../graph-core/src/data';

/**
 * Decodes PNG/JPEG/WebP with the browser's own decoders (works in windows and workers). The pixel
 * cap has already been checked from the file header before this runs.
 */
export const decodeImageBrowser: ImageDecoder = async (bytes, format) => {
  try {
    const copy = new Uint8Array(bytes);
    const bitmap = await createImageBitmap(new Blob([copy.buffer], { type: `image/${format}` }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) return { error: 'the browser could not create a canvas to read the image' };
    ctx.drawImage(bitmap, 0, 0);
    const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    bitmap.close();
    const img: DecodedImage = { width, height, channels: 4, data };
    return img;
  } catch (e) {
    return {
      error: `could not be decoded as ${format.toUpperCase()}: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
};

/** Files picked with `<input type=file webkitdirectory>`, paths relative to the picked folder. */
export function filesFromFolderInput(
  files: FileList | readonly File[],
  relative: readonly string[],
): ImageFileSource[] {
  return Array.from(files, (file, i) => ({
    path: relative[i] ?? file.name,
    size: file.size,
    read: async () => new Uint8Array(await file.arrayBuffer()),
  }));
}

/** The pipeline's import loaders in the app: workspace datasets through HostApi, browser decoding. */
export function browserImportIO(host: HostApi): Pick<ImportIO, 'readWorkspaceDataset' | 'decodeImage'> {
  return {
    decodeImage: decodeImageBrowser,
    async readWorkspaceDataset(id) {
      try {
        const stored = await host.readDataset({ id });
        return { meta: stored.meta, data: stored.data };
      } catch {
        return null;
      }
    },
  };
}
