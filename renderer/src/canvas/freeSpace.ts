/** Where new nodes go so they do not land on top of others: pure geometry over the document. */
import type { GraphDocument, Position } from '../../../graph-core/src/document';
import type { Dimensions } from '../store/editorStore';

export const DEFAULT_SIZE: Dimensions = { width: 180, height: 80 };
const GAP = 20;
const STEP = 40;
const MAX_RINGS = 40;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function overlaps(a: Box, b: Box): boolean {
  return (
    a.x < b.x + b.width + GAP &&
    b.x < a.x + a.width + GAP &&
    a.y < b.y + b.height + GAP &&
    b.y < a.y + a.height + GAP
  );
}

function boxesOf(
  doc: GraphDocument,
  sizes: ReadonlyMap<string, Dimensions>,
  ids?: ReadonlySet<string>,
): Box[] {
  return doc.nodes
    .filter((n) => !ids || ids.has(n.id))
    .map((n) => ({ ...(n.position ?? { x: 0, y: 0 }), ...(sizes.get(n.id) ?? DEFAULT_SIZE) }));
}

/**
 * The smallest shift (searched outward from `preferred`, rightwards and downwards first) that puts
 * every box of `group` clear of every node of `doc`.
 */
export function freeOffset(
  doc: GraphDocument,
  sizes: ReadonlyMap<string, Dimensions>,
  group: readonly Box[],
  preferred: Position,
): Position {
  const others = boxesOf(doc, sizes);
  const clear = (dx: number, dy: number) =>
    group.every((g) => others.every((o) => !overlaps({ ...g, x: g.x + dx, y: g.y + dy }, o)));
  if (clear(preferred.x, preferred.y)) return preferred;
  for (let ring = 1; ring <= MAX_RINGS; ring++) {
    // Candidates on this ring, nearest first, preferring below and to the right.
    const candidates: Position[] = [];
    for (let i = -ring; i <= ring; i++) {
      candidates.push({ x: i, y: ring }, { x: ring, y: i }, { x: i, y: -ring }, { x: -ring, y: i });
    }
    candidates.sort((a, b) => Math.hypot(a.x, a.y) - Math.hypot(b.x, b.y) || b.y - a.y || b.x - a.x);
    for (const c of candidates) {
      const dx = preferred.x + c.x * STEP;
      const dy = preferred.y + c.y * STEP;
      if (clear(dx, dy)) return { x: dx, y: dy };
    }
  }
  return preferred;
}

/** A free spot for one new node of `size`, as near `at` as possible. */
export function freeSpot(
  doc: GraphDocument,
  sizes: ReadonlyMap<string, Dimensions>,
  at: Position,
  size: Dimensions = DEFAULT_SIZE,
): Position {
  const shift = freeOffset(doc, sizes, [{ x: at.x, y: at.y, ...size }], { x: 0, y: 0 });
  return { x: Math.round(at.x + shift.x), y: Math.round(at.y + shift.y) };
}

/** The boxes of existing nodes `ids` (what a paste or duplicate copies). */
export function groupBoxes(
  doc: GraphDocument,
  sizes: ReadonlyMap<string, Dimensions>,
  ids: Iterable<string>,
): Box[] {
  return boxesOf(doc, sizes, new Set(ids));
}
