/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { isFrozen, resolveParams } from '../catalogue/index';
import { parseProject } from '../document/parse';
import { serializeProject } from '../document/serialize';
import { analyzeGraph } from './analyze';
import { pipeline } from './test-graphs';

const v1Files = import.meta.glob<string>('../../fixtures/v1/*.layerloom', {
  query: '?raw',
  import: 'default',
  eager: true,
});

const iris = (frozen: string[]) =>
  pipeline({ source: 'iris' }, [
    ['d1', 'Dense', { units: 8, activation: 'relu', ...(frozen.includes('d1') ? { trainable: false } : {}) }],
    ['bn', 'BatchNormalization', frozen.includes('bn') ? { trainable: false } : {}],
    [
      'out',
      'Dense',
      { units: 3, activation: 'softmax', ...(frozen.includes('out') ? { trainable: false } : {}) },
    ],
  ]);

describe('freezing in the analysis', () => {
  it('splits the total into trainable and non-trainable parameters', () => {
    const thawed = analyzeGraph(iris([]));
    expect(thawed.totalParams).toBe(40 + 32 + 27);
    expect(thawed.nonTrainableParams).toBe(16); // the moving mean and variance
    const frozen = analyzeGraph(iris(['d1', 'bn']));
    expect(frozen.valid).toBe(true);
    expect(frozen.totalParams).toBe(thawed.totalParams);
    expect(frozen.nonTrainableParams).toBe(40 + 32);
    expect(frozen.nodes.d1).toMatchObject({ params: 40, nonTrainableParams: 40 });
  });

  it('refuses a model whose every weight is frozen, naming the last frozen layer and offering to thaw it', () => {
    const a = analyzeGraph(iris(['d1', 'bn', 'out']));
    expect(a.valid).toBe(false);
    const d = a.diagnostics.find((x) => x.field === 'trainable');
    expect(d).toMatchObject({
      nodeId: 'out',
      severity: 'error',
      fix: { kind: 'setParam', nodeId: 'out', field: 'trainable', value: true },
    });
    expect(d?.message).toBe(
      'Every layer with weights is frozen (Dense "d1", BatchNormalization "bn" and Dense "out"), so training would change nothing: make at least one trainable, e.g. Dense "out"',
    );
  });
});

describe('the trainable param in files', () => {
  it.each(Object.entries(v1Files))(
    'opens %s (version 1, no trainable) with every layer trainable',
    (_p, text) => {
      const parsed = parseProject(text);
      if (!parsed.ok) throw new Error(parsed.error);
      for (const node of parsed.doc.nodes) {
        expect(isFrozen(node), node.id).toBe(false);
        expect(node.params).not.toHaveProperty('trainable');
      }
      const dense = parsed.doc.nodes.find((n) => n.type === 'Dense');
      if (dense) expect(resolveParams(dense).trainable).toBe(true);
    },
  );

  it('saves a frozen layer as "trainable": false and reads it back', () => {
    const doc = iris(['d1']);
    const text = serializeProject(doc);
    expect(text).toContain('"trainable": false');
    const back = parseProject(text);
    expect(back.ok && back.doc.nodes.find((n) => n.id === 'd1')?.params).toEqual({
      units: 8,
      activation: 'relu',
      trainable: false,
    });
  });
});
