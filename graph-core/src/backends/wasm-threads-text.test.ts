import { describe, expect, it } from 'vitest';
import { describeWasmThreads, threadCount } from './wasm-threads-text';

describe('wasm thread texts', () => {
  it.each([
    [1, '1 thread'],
    [2, '2 threads'],
    [4, '4 threads'],
  ])('counts %i as "%s"', (threads, text) => {
    expect(threadCount(threads)).toBe(text);
  });

  it.each([
    [2, null, '2 threads'],
    [1, null, '1 thread'],
    [
      1,
      '2 threads failed to start (boom); running on one',
      '1 thread (2 threads failed to start (boom); running on one)',
    ],
  ])('describes %i threads with failure %s as "%s"', (threads, failure, text) => {
    expect(describeWasmThreads(threads, failure)).toBe(text);
  });
});
