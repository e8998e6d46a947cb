import { describe, expect, it } from 'vitest';
import { clampDockHeight, DOCK_MIN } from './useDockHeight';

describe('clampDockHeight', () => {
  it('never lets the dock shrink below its minimum', () => {
    expect(clampDockHeight(10, 900)).toBe(DOCK_MIN);
  });
  it('always leaves the canvas room on a tall request', () => {
    expect(clampDockHeight(5000, 900)).toBe(700);
  });
  it('keeps a height that fits', () => {
    expect(clampDockHeight(333.4, 900)).toBe(333);
  });
});
