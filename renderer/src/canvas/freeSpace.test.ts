import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../../graph-core/src/document';
import { freeOffset, freeSpot } from './freeSpace';

const doc = (positions: [string, number, number][]): GraphDocument => ({
  format: 'layerloom',
  version: 1,
  name: 't',
  nodes: positions.map(([id, x, y]) => ({ id, type: 'Dense', params: {}, position: { x, y } })),
  edges: [],
});

const size = new Map<string, { width: number; height: number }>();

describe('free space', () => {
  it('keeps a spot that is already free', () => {
    expect(freeSpot(doc([['a', 0, 0]]), size, { x: 500, y: 0 })).toEqual({ x: 500, y: 0 });
  });

  it('moves a node off one it would cover, to the nearest free spot', () => {
    const d = doc([['a', 0, 0]]);
    const spot = freeSpot(d, size, { x: 10, y: 10 });
    const clearX = spot.x >= 180 + 20 || spot.x + 180 + 20 <= 0;
    const clearY = spot.y >= 80 + 20 || spot.y + 80 + 20 <= 0;
    expect(clearX || clearY).toBe(true);
    expect(Math.hypot(spot.x - 10, spot.y - 10)).toBeLessThan(200);
  });

  it('shifts a whole pasted group clear of every node, the group keeping its shape', () => {
    const d = doc([
      ['a', 0, 0],
      ['b', 240, 0],
    ]);
    const group = [
      { x: 0, y: 0, width: 180, height: 80 },
      { x: 240, y: 0, width: 180, height: 80 },
    ];
    const off = freeOffset(d, size, group, { x: 40, y: 40 });
    for (const g of group)
      for (const n of d.nodes) {
        const p = n.position!;
        const apart =
          g.x + off.x >= p.x + 200 ||
          p.x >= g.x + off.x + 200 ||
          g.y + off.y >= p.y + 100 ||
          p.y >= g.y + off.y + 100;
        expect(apart).toBe(true);
      }
  });
});
