import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSweepState } from '../../../graph-core/src/experiments';
import { makeTempDir } from '../fs/test-dir';
import { sweepCommand } from './sweep';

// Every shipped sweep, run from the CLI on 300 MNIST digits for one epoch: 17 runs in about 16 s on
// two cores. MNIST comes from assets/datasets/mnist.bin (`npm run build:data`, part of `npm test`).
const SWEEPS = path.resolve('assets/sweeps');
const temps: (() => void)[] = [];
afterEach(() => temps.splice(0).forEach((c) => c()));

describe('example sweeps on MNIST subsets', () => {
  it.each([
    ['activation.json', 3],
    ['augmentation.json', 2],
    ['batch-size.json', 3],
    ['learning-rate.json', 4],
    ['loss.json', 2],
    ['optimizer.json', 3],
  ])('%s runs from the CLI and writes the expected files', async (file, variants) => {
    const t = makeTempDir('layerloom-examples-');
    temps.push(t.cleanup);
    const out = path.join(t.dir, 'sweep');
    let text = '';
    const io = { out: (s: string) => (text += s), err: (s: string) => (text += s) };
    const code = await sweepCommand(
      [path.join(SWEEPS, file), '--limit', '300', '--epochs', '1', '--out', out],
      io,
      {
        onInterrupt: () => () => {},
      },
    );
    expect(code, text).toBe(0);
    for (const f of ['sweep.json', 'comparison.md', 'comparison.csv', 'comparison.svg'])
      expect(existsSync(path.join(out, f)), f).toBe(true);
    const state = parseSweepState(await fsp.readFile(path.join(out, 'sweep.json'), 'utf8'));
    if (!state.ok) throw new Error(state.error);
    expect(state.value.variants).toHaveLength(variants);
    for (const v of state.value.variants) {
      // Adam at 0.1, the learning-rate sweep's "too large": its loss rises from about 2.3 at the first
      // batch to about 10 in the first epoch (softmax saturated, cross-entropy clipped), so the run
      // ends diverged, with no model saved. Every other variant trains.
      const tooLarge = file === 'learning-rate.json' && v.assignments[0]?.value === 0.1;
      expect(v.runStatus, v.label).toBe(tooLarge ? 'diverged' : 'completed');
      if (tooLarge) continue;
      expect(typeof v.final?.val_acc).toBe('number');
      for (const f of ['summary.json', 'metrics.jsonl', 'graph.layerloom', 'model/model.json']) {
        expect(existsSync(path.join(out, v.runDir ?? '', f)), `${v.id}/${f}`).toBe(true);
      }
    }
    const summary = JSON.parse(await fsp.readFile(path.join(out, 'v01', 'summary.json'), 'utf8')) as {
      dataset: { train: number; validation: number };
    };
    expect(summary.dataset.train + summary.dataset.validation).toBeLessThanOrEqual(300);
  });
});
