import { describe, expect, it } from 'vitest';
import { parseProject } from '../document/index';
import { analyzeGraph } from './analyze';
import { forwardFlops } from './flops';

const samples = import.meta.glob<string>('../../../assets/samples/*.layerloom', {
  query: '?raw',
  import: 'default',
  eager: true,
});

function sampleDoc(name: string) {
  const parsed = parseProject(samples[`../../../assets/samples/${name}.layerloom`] ?? '');
  if (!parsed.ok) throw new Error(`${name} does not parse`);
  return parsed.doc;
}

function sample(name: string) {
  const doc = sampleDoc(name);
  return forwardFlops(doc, analyzeGraph(doc));
}

// The multiply-add parts are PyTorch 1.13's profiler counts (with_flops) of the same layers:
// `/usr/bin/python3 graph-core/src/analysis/flops-reference.py` prints conv2d 640000 + addmm 5120
// for the CNN, addmm 203264 for the MLP and addmm 1318912 for the LSTM. Bias adds, activations and
// pointwise gate work are ours on top (the profiler leaves them out).
describe('forward FLOPs per sample', () => {
  it('counts the MNIST CNN: convolutions and the head as PyTorch does, plus biases, relus and pools', () => {
    const f = sample('mnist-cnn')!;
    expect(f.perNode.conv1).toBe(230_400 + 4608 + 4608);
    expect(f.perNode.conv2).toBe(409_600 + 1024 + 1024);
    expect(f.perNode.out).toBe(5120 + 10 + 30);
    expect(f.perNode.pool1).toBe(12 * 12 * 8 * 4);
    expect(f.total).toBe(662_056);
  });

  it('counts the MNIST MLP: matmuls as PyTorch does, then biases and activations', () => {
    const f = sample('mnist-mlp')!;
    expect(f.perNode.d1! + f.perNode.d2!).toBe(203_264 + 128 + 10);
    expect(f.perNode.a2).toBe(30);
    expect(f.perNode.flat).toBe(0);
  });

  it('counts the LSTM: four gates a step over 28 steps, as PyTorch does, plus biases and gate arithmetic', () => {
    const f = sample('mnist-lstm')!;
    expect(f.perNode.lstm).toBe(1_318_912 + 28 * (4 * 64 + 10 * 64));
  });

  it('gives no count for a graph whose shapes are unknown', () => {
    const iris = sampleDoc('iris-mlp');
    const doc = { ...iris, edges: iris.edges.filter((e) => e.target !== 'out') };
    expect(forwardFlops(doc, analyzeGraph(doc))).toBeNull();
  });
});
