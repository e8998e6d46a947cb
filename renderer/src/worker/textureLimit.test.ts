import { describe, expect, it } from 'vitest';
import { textureProblem } from './textureLimit';

describe('textureProblem', () => {
  it.each([
    ['fits', [[784, 128]], 4096, false],
    ['exactly at capacity', [[4, 16, 16]], 16, false],
    ['one value over capacity', [[4 * 16 * 16 + 1]], 16, true],
  ] as const)('%s', (_, shapes, max, refused) => {
    const needs = shapes.map((shape) => ({ nodeId: 'd1', what: 'weights "kernel"', shape }));
    expect(textureProblem(needs, max) !== null).toBe(refused);
  });

  it('names the worst node and gives the numbers', () => {
    const p = textureProblem(
      [
        { nodeId: 'small', what: 'output at batch 64', shape: [64, 2000] },
        { nodeId: 'huge', what: 'weights "kernel"', shape: [100000, 2000] },
      ],
      1024,
    );
    expect(p?.nodeId).toBe('huge');
    expect(p?.message).toContain('200,000,000 values');
    expect(p?.message).toContain('1024×1024');
    expect(p?.message).toMatch(/wasm or cpu/);
  });
});
