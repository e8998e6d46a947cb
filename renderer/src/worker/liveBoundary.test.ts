import { describe, expect, it } from 'vitest';
import { BoundaryPacer } from './liveBoundary';

describe('BoundaryPacer', () => {
  it('draws at once, then at most once per interval', async () => {
    let t = 0;
    let draws = 0;
    const pacer = new BoundaryPacer(
      async () => ++draws,
      400,
      0.1,
      () => t,
    );
    const got: (number | null)[] = [];
    for (let i = 0; i < 10; i++) {
      got.push(await pacer.maybe());
      t += 150;
    }
    // t = 0, 450, 900, 1350: every third call (150 ms apart) is the first ≥ 400 ms after the last.
    expect(got).toEqual([1, null, null, 2, null, null, 3, null, null, 4]);
  });

  it('waits longer after a slow drawing, so drawing stays a small share of training time', async () => {
    let t = 0;
    const pacer = new BoundaryPacer(
      async () => {
        t += 100; // each drawing takes 100 ms → at most one per 1000 ms
        return 'drawn';
      },
      400,
      0.1,
      () => t,
    );
    expect(await pacer.maybe()).toBe('drawn');
    t += 500;
    expect(await pacer.maybe()).toBeNull();
    t += 500;
    expect(await pacer.maybe()).toBe('drawn');
  });

  it('stops asking once the data has nothing to draw', async () => {
    let t = 0;
    let asked = 0;
    const pacer = new BoundaryPacer(
      async () => {
        asked++;
        return null;
      },
      10,
      0.1,
      () => t,
    );
    for (let i = 0; i < 5; i++) {
      await pacer.maybe();
      t += 1000;
    }
    expect(asked).toBe(1);
  });
});
