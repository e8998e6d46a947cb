/**
 * Image-folder import, decoding-independent part: which files are samples of which class, and why
 * the others are skipped. One sub-folder per class; the class is the first folder of the path.
 */
export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp'] as const;

export interface ImageFileEntry {
  /** Path relative to the chosen folder, with "/" separators: "cat/001.png". */
  path: string;
  /** Size in bytes. */
  size: number;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface PlannedImage {
  path: string;
  className: string;
}

export interface ImagePlan {
  images: PlannedImage[];
  skipped: SkippedFile[];
}

export interface ImagePlanLimits {
  /** Most image files taken; the rest are skipped with a reason. */
  maxImages: number;
  maxFileBytes: number;
}

export const DEFAULT_IMAGE_PLAN_LIMITS: ImagePlanLimits = { maxImages: 100_000, maxFileBytes: 50_000_000 };

function extension(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Strips a common leading folder (the picked folder itself, as browsers report it). */
export function relativeToPickedFolder(paths: readonly string[]): string[] {
  const norm = paths.map((p) => p.replace(/\\/g, '/').replace(/^\/+/, ''));
  const first = norm[0]?.split('/')[0];
  const shared =
    first !== undefined && norm.every((p) => p.split('/').length > 2 && p.split('/')[0] === first);
  return shared ? norm.map((p) => p.slice(first.length + 1)) : norm;
}

export function planImageImport(
  entries: readonly ImageFileEntry[],
  limits: Partial<ImagePlanLimits> = {},
): ImagePlan {
  const { maxImages, maxFileBytes } = { ...DEFAULT_IMAGE_PLAN_LIMITS, ...limits };
  const images: PlannedImage[] = [];
  const skipped: SkippedFile[] = [];
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const { path, size } of sorted) {
    const parts = path.split('/');
    const name = parts[parts.length - 1] ?? '';
    const ext = extension(path);
    let reason: string | null = null;
    if (parts.length < 2) reason = 'not inside a class folder';
    else if (name.startsWith('.')) reason = 'hidden file';
    else if (!(IMAGE_EXTENSIONS as readonly string[]).includes(ext)) {
      reason = ext ? `not an image file (.${ext})` : 'not an image file (no extension)';
    } else if (size === 0) reason = 'empty file (0 bytes)';
    else if (size > maxFileBytes)
      reason = `file too large (${(size / 1e6).toFixed(1)} MB; the limit is ${maxFileBytes / 1e6} MB)`;
    else if (images.length >= maxImages) reason = `beyond the limit of ${maxImages} images`;
    if (reason) skipped.push({ path, reason });
    else images.push({ path, className: parts[0] as string });
  }
  return { images, skipped };
}
