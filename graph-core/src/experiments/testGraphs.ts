import { chainDocument } from '../document/testkit';
import type { GraphDocument, GraphNode } from '../document/types';

/** The MNIST MLP, small enough to read in a test. Used only by tests of this folder. */
export function mlp(overrides: Record<string, Partial<GraphNode>> = {}): GraphDocument {
  const nodes: GraphNode[] = [
    { id: 'data', type: 'Dataset', params: { source: 'mnist' } },
    { id: 'in', type: 'Input', params: {} },
    { id: 'flat', type: 'Flatten', params: {} },
    { id: 'd1', type: 'Dense', params: { units: 128 } },
    { id: 'a1', type: 'Activation', params: { activation: 'relu' } },
    { id: 'd2', type: 'Dense', params: { units: 10 } },
    { id: 'a2', type: 'Activation', params: { activation: 'softmax' } },
    { id: 'loss', type: 'Loss', params: { loss: 'categoricalCrossentropy' } },
    {
      id: 'opt',
      type: 'Optimizer',
      params: {
        optimizer: 'adam',
        learningRate: 0.001,
        batchSize: 64,
        epochs: 5,
        earlyStopping: { patience: 3 },
      },
    },
  ];
  return chainDocument(
    nodes.map((n) => ({ ...n, ...overrides[n.id] })),
    'MNIST MLP',
  );
}
