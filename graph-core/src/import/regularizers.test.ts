import { describe, expect, it } from 'vitest';
import { compileGraph } from '../compile/index';
import { chainGraph } from '../compile/testGraphs';
import { importTfjsLayers } from './tfjs';
import { readTfjsModelJson } from './tfjs-topology';
import { saveTfjs } from './tfjs-testkit';

describe('kernel and bias penalties through a tfjs model.json', () => {
  it('are written by a compiled graph and read back onto the same nodes', async () => {
    const doc = chainGraph({
      dataset: { source: 'iris' },
      layers: [
        ['Dense', { units: 5, kernelL1: 0.001, kernelL2: 0.02, biasL2: 0.3 }, 'd1'],
        ['Reshape', { targetShape: [5, 1] }, 're'],
        ['GRU', { units: 2, kernelL2: 0.04 }, 'gru'],
        ['Dense', { units: 3, activation: 'softmax' }, 'head'],
      ],
    });
    const compiled = compileGraph(doc, { featureShape: [4], task: 'classification' });
    const saved = await saveTfjs(compiled.model);
    compiled.model.dispose();
    expect(saved.modelJson).toContain('"L1L2"');
    const { document } = await importTfjsLayers(readTfjsModelJson(saved.modelJson), [saved.bin]);
    const params = (id: string) => document.nodes.find((n) => n.id === id)?.params;
    expect(params('d1')).toMatchObject({ kernelL1: 0.001, kernelL2: 0.02, biasL2: 0.3 });
    expect(params('d1')).not.toHaveProperty('biasL1');
    expect(params('gru')).toMatchObject({ kernelL2: 0.04 });
    expect(params('head')).not.toHaveProperty('kernelL2');
  });
});
