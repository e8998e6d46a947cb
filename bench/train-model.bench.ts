// Our trainModel (graph → compileGraph → the app's one training loop) against the hand-written
// tfjs loop on the same backend and architecture. Goal: ≥ 0.95 of the hand-written speed.
import * as tf from '@tensorflow/tfjs';
import { compileGraph } from '../graph-core/src/compile/index';
import type { GraphDocument, GraphEdge, GraphNode } from '../graph-core/src/document/types';
import type { PreparedData } from '../graph-core/src/data/pipeline';
import { trainModel } from '../graph-core/src/train/loop';
import type { BenchContext, BenchSection } from './contract';
import { loadMnist } from './data';
import { MODELS, type ModelId } from './models';
import { measureHandWritten } from './tfjs-train';

type Layer = Pick<GraphNode, 'type' | 'params'>;

const LAYERS: Record<ModelId, Layer[]> = {
  mlp: [
    { type: 'Flatten', params: {} },
    { type: 'Dense', params: { units: 128, activation: 'relu' } },
    { type: 'Dense', params: { units: 64, activation: 'relu' } },
  ],
  cnn: [
    { type: 'Conv2D', params: { filters: 8, kernelSize: [5, 5], activation: 'relu' } },
    { type: 'MaxPooling2D', params: { poolSize: [2, 2], strides: [2, 2] } },
    { type: 'Conv2D', params: { filters: 16, kernelSize: [5, 5], activation: 'relu' } },
    { type: 'MaxPooling2D', params: { poolSize: [2, 2], strides: [2, 2] } },
    { type: 'Flatten', params: {} },
  ],
  lstm: [
    { type: 'Reshape', params: { targetShape: [28, 28] } },
    { type: 'LSTM', params: { units: 64 } },
  ],
  gru: [
    { type: 'Reshape', params: { targetShape: [28, 28] } },
    { type: 'GRU', params: { units: 64 } },
  ],
};

/** The bench models as Layerloom graphs (Dataset → Input → layers → Dense 10 softmax → Loss → Optimizer). */
export function benchGraph(model: ModelId, batchSize = 64): GraphDocument {
  const chain: Layer[] = [
    { type: 'Dataset', params: { source: 'mnist' } },
    { type: 'Input', params: {} },
    ...LAYERS[model],
    { type: 'Dense', params: { units: 10, activation: 'softmax' } },
    { type: 'Loss', params: { loss: 'categoricalCrossentropy' } },
    { type: 'Optimizer', params: { optimizer: 'adam', learningRate: 0.001, batchSize, epochs: 2 } },
  ];
  const nodes = chain.map((l, i) => ({ ...l, id: `n${i}`, position: { x: i * 200, y: 0 } })) as GraphNode[];
  const edges: GraphEdge[] = nodes
    .slice(1)
    .map((n, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: n.id }));
  return { format: 'layerloom', version: 1, name: `bench ${model}`, nodes, edges } as GraphDocument;
}

/** The bench's MNIST subset as trainModel takes it (all of it for training). */
export function prepared(ctx: BenchContext, count: number): PreparedData {
  const d = loadMnist(ctx.root, count);
  const empty = { count: 0, x: new Float32Array(0), y: new Float32Array(0) };
  const y = Float32Array.from(d.labels);
  const source = {
    name: 'MNIST bench',
    modality: 'image' as const,
    featureShape: [28, 28, 1],
    task: 'classification' as const,
    numClasses: 10,
    classNames: [...'0123456789'],
    count,
    x: d.x,
    y,
  };
  return {
    ...source,
    train: { count, x: d.x, y },
    validation: empty,
    test: empty,
    splits: {
      train: Int32Array.from({ length: count }, (_, i) => i),
      validation: new Int32Array(0),
      test: new Int32Array(0),
    },
    source,
    datasetNodeId: 'n0',
  };
}

/**
 * trainModel's best ≈1 s window after the warm-up, from its own batch reports (reportEvery sized
 * to about a second, so reading the loss does not add syncs a real run would not make).
 */
export async function measureTrainModel(
  ctx: BenchContext,
  model: ModelId,
  backend: string,
  expectedRate: number,
  seconds: number,
  batchSize = 64,
): Promise<number> {
  await tf.setBackend(backend);
  const compiled = compileGraph(benchGraph(model, batchSize), {
    featureShape: [28, 28, 1],
    task: 'classification',
  });
  const warmEnd = performance.now() + ctx.warmup * 1000;
  const deadline = warmEnd + seconds * 1000;
  let best = 0;
  try {
    const result = await trainModel({
      compiled,
      data: prepared(ctx, 8000),
      epochs: 1000,
      reportEvery: Math.max(2, Math.round(expectedRate / batchSize)),
      onBatchEnd: (m) => {
        if (performance.now() > warmEnd) best = Math.max(best, m.samplesPerSec);
      },
      shouldStop: () => performance.now() > deadline,
    });
    if (result.summary.status === 'failed' || result.summary.status === 'diverged') {
      throw new Error(`${result.summary.status}: ${result.summary.message}`);
    }
    return best;
  } finally {
    compiled.model.dispose();
  }
}

export async function run(ctx: BenchContext): Promise<BenchSection> {
  const rows: (string | number)[][] = [];
  const data = loadMnist(ctx.root, 8000);
  const half = Math.max(2, ctx.seconds / 2);
  for (const model of ['mlp', 'cnn', 'lstm'] as ModelId[]) {
    for (const backend of ['wasm', 'cpu']) {
      const earlier = ctx.results.get(`${model}/${backend}`);
      if (earlier === undefined) continue;
      // Alternating hand-written and trainModel runs, best of each: load changes hit both alike.
      let hand = 0;
      let ours = 0;
      for (let round = 0; round < 2; round++) {
        ctx.log(`  ${model} on ${backend}: hand-written, then trainModel (round ${round + 1})…`);
        const options = { seconds: half, warmupSeconds: ctx.warmup, batchSize: 64 };
        hand = Math.max(
          hand,
          (await measureHandWritten(MODELS[model], backend, data, options)).samplesPerSec,
        );
        ours = Math.max(ours, await measureTrainModel(ctx, model, backend, hand, half));
      }
      rows.push([model, backend, Math.round(ours), Math.round(hand), (ours / hand).toFixed(2)]);
    }
  }
  return {
    title: 'trainModel (graph → compileGraph → trainModel) vs hand-written tfjs loop, best ≈1 s windows',
    header: ['model', 'backend', 'trainModel samples/s', 'hand-written samples/s', 'ratio (goal ≥ 0.95)'],
    rows,
    notes: [
      'trainModel graphs end in Dense(10, softmax) + categoricalCrossentropy; the hand-written loop uses logits + softmaxCrossEntropy.',
    ],
  };
}
