import type { Shape } from '../../../graph-core/src/analysis';

/** Shapes are shown without the batch dimension: [null, 28, 28, 1] → "28×28×1". */
export function formatShape(shape: Shape | null | undefined): string {
  if (!shape) return '?';
  const dims = shape.slice(1).map((d) => (d === null ? '?' : String(d)));
  return dims.length === 0 ? 'scalar' : dims.join('×');
}

export { formatCount } from '../../../graph-core/src/document';

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
