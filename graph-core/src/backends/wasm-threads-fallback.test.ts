import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { prepareWasmBackend, NODE_WASM_DIR } from './wasm';
import { nodeTestThreading } from './wasm-test-setup';
import { wasmThreadsFailure, wasmThreadsInUse } from './wasm-threads';

// Its own file: wasm starts once per process, and here it must start from a threaded build that hangs.
describe('a threaded start whose pthread helpers never load', () => {
  it('gives up after its time limit and trains on one thread, saying why', async () => {
    const threading = nodeTestThreading(2);
    // A helper that never reports "loaded": the glue would wait on it for ever.
    const UrlCtor = (globalThis as unknown as { URL: new (href: string) => unknown }).URL;
    const silent = new UrlCtor('data:text/javascript,');
    prepareWasmBackend(NODE_WASM_DIR, {
      ...threading,
      source: { ...threading.source, workerUrl: silent, startLimitMs: 1_000 },
    });
    expect(await tf.setBackend('wasm')).toBe(true);
    expect(wasmThreadsFailure()).toBe(
      '2 threads failed to start (Error: the pthread helpers did not start within 1 s); running on one',
    );
    expect(wasmThreadsInUse()).toBe(1);
    const sum = tf.tidy(
      () =>
        tf
          .matMul(tf.ones([4, 3]), tf.ones([3, 2]))
          .sum()
          .dataSync()[0],
    );
    expect(sum).toBe(24);
  }, 30_000);
});
