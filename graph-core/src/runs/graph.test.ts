import { describe, expect, it } from 'vitest';
import { parseProject } from '../document/parse';
import { mlp } from '../experiments/testGraphs';
import { runGraphText } from './graph';

describe("a run's graph.layerloom", () => {
  it('leaves out the carried-weights reference and keeps everything else, frozen layers included', () => {
    const base = mlp({ d1: { params: { units: 128, trainable: false } } });
    const doc = { ...base, weights: { manifest: 'mlp.weights/weights.json', nodes: ['d1'] } };
    const back = parseProject(runGraphText(doc));
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.doc.weights).toBeUndefined();
    expect(back.doc.nodes).toEqual(base.nodes);
    expect(back.doc.nodes.find((n) => n.id === 'd1')?.params['trainable']).toBe(false);
  });
});
