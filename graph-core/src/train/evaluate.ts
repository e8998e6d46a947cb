/** After training: predictions over the held-out split, turned into the evaluation report. */
import * as tf from '@tensorflow/tfjs';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs';
import type { CompiledGraph } from '../compile/types';
import type { PreparedData, PreparedSplit } from '../data/pipeline';
import { argMaxRows, confusionMatrix, histogram, perClassStats, pickSamples } from './evaluation-math';
import type {
  DecisionBoundary,
  EvaluationReport,
  Histogram,
  SamplePrediction,
} from '../runs/evaluation-types';

const SAMPLE_LIMIT = 48;
const BINS = 30;
const BOUNDARY_RESOLUTION = 60;

/** Class probabilities [rows, classes] for raw features, in chunks so webgl textures stay small. */
export async function predictProbabilities(
  model: LayersModel,
  x: Float32Array,
  featureShape: readonly number[],
  binary: boolean,
): Promise<{ probs: Float32Array; classes: number }> {
  const per = featureShape.reduce((a, b) => a * b, 1);
  const rows = Math.floor(x.length / per);
  const chunk = 512;
  const parts: Float32Array[] = [];
  for (let start = 0; start < rows; start += chunk) {
    const n = Math.min(chunk, rows - start);
    const out = tf.tidy(() => {
      const xb = tf.tensor(x.subarray(start * per, (start + n) * per), [n, ...featureShape]);
      const p = model.predict(xb) as tf.Tensor;
      // One sigmoid output means P(class 1): spell out both classes.
      return binary ? tf.concat([tf.sub(1, p), p], 1) : tf.reshape(p, [n, -1]);
    });
    parts.push((await out.data()) as Float32Array);
    out.dispose();
  }
  const probs = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    probs.set(p, o);
    o += p.length;
  }
  return { probs, classes: rows ? probs.length / rows : 0 };
}

function sampleView(
  data: PreparedData,
  split: PreparedSplit,
  i: number,
): Pick<SamplePrediction, 'image' | 'features'> {
  const per = data.featureShape.reduce((a, b) => a * b, 1);
  const values = split.x.subarray(i * per, (i + 1) * per);
  if (data.modality !== 'image') return { features: Array.from(values.subarray(0, 16)) };
  const [height = 1, width = 1, channels = 1] = data.featureShape;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const scale = max > min ? 255 / (max - min) : 0;
  return {
    image: {
      width,
      height,
      channels,
      pixels: Array.from(values, (v) => Math.round((v - min) * scale)),
      range: { min, max },
    },
  };
}

async function histograms(
  model: LayersModel,
  split: PreparedSplit,
  featureShape: readonly number[],
): Promise<Histogram[]> {
  const out: Histogram[] = [];
  const withWeights = model.layers.filter((l) => l.getWeights().length > 0);
  for (const layer of withWeights) {
    const values = await layer.getWeights()[0]!.data();
    out.push({ nodeId: layer.name, kind: 'weights', ...histogram(values, BINS) });
  }
  const per = featureShape.reduce((a, b) => a * b, 1);
  const n = Math.min(256, split.count);
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  if (n === 0 || layers.length === 0) return out;
  const probe = tf.model({ inputs: model.inputs, outputs: layers.map((l) => l.output as SymbolicTensor) });
  const acts = tf.tidy(() => {
    const raw = probe.predict(tf.tensor(split.x.subarray(0, n * per), [n, ...featureShape]));
    return Array.isArray(raw) ? raw : [raw];
  });
  for (let i = 0; i < layers.length; i++) {
    out.push({ nodeId: layers[i]!.name, kind: 'activations', ...histogram(await acts[i]!.data(), BINS) });
  }
  tf.dispose(acts);
  return out;
}

async function boundary(
  model: LayersModel,
  split: PreparedSplit,
  binary: boolean,
): Promise<DecisionBoundary> {
  let [xMin, xMax, yMin, yMax] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < split.count; i++) {
    const x = split.x[2 * i]!;
    const y = split.x[2 * i + 1]!;
    [xMin, xMax, yMin, yMax] = [Math.min(xMin, x), Math.max(xMax, x), Math.min(yMin, y), Math.max(yMax, y)];
  }
  const padX = (xMax - xMin) * 0.1 || 1;
  const padY = (yMax - yMin) * 0.1 || 1;
  [xMin, xMax, yMin, yMax] = [xMin - padX, xMax + padX, yMin - padY, yMax + padY];
  const r = BOUNDARY_RESOLUTION;
  const grid = new Float32Array(r * r * 2);
  for (let row = 0; row < r; row++)
    for (let col = 0; col < r; col++) {
      grid[2 * (row * r + col)] = xMin + ((col + 0.5) / r) * (xMax - xMin);
      grid[2 * (row * r + col) + 1] = yMin + ((row + 0.5) / r) * (yMax - yMin);
    }
  const { probs, classes } = await predictProbabilities(model, grid, [2], binary);
  const points = Array.from({ length: Math.min(split.count, 600) }, (_, i) => ({
    x: split.x[2 * i]!,
    y: split.x[2 * i + 1]!,
    label: split.y[i]!,
  }));
  return {
    xMin,
    xMax,
    yMin,
    yMax,
    resolution: r,
    classes: Array.from(argMaxRows(probs, classes).index),
    points,
  };
}

/** One sigmoid output for a classification: P(class 1). */
const isBinary = (compiled: CompiledGraph, data: PreparedData) =>
  compiled.labelEncoding === 'value' && compiled.outputUnits === 1 && data.task === 'classification';

/** The split the evaluation reports on: the test split when there is one. */
const heldOut = (data: PreparedData) => (data.test.count > 0 ? data.test : data.validation);

/**
 * The model's predicted class over the plane of 2-D classification data, with the held-out points:
 * what the evaluation shows after a run and the training panel shows while it trains. Null for other data.
 */
export async function decisionBoundary(
  compiled: CompiledGraph,
  data: PreparedData,
): Promise<DecisionBoundary | null> {
  const split = heldOut(data);
  const twoD = data.featureShape.length === 1 && data.featureShape[0] === 2;
  if (!twoD || data.task !== 'classification' || split.count === 0) return null;
  return boundary(compiled.model, split, isBinary(compiled, data));
}

export async function evaluateRun(compiled: CompiledGraph, data: PreparedData): Promise<EvaluationReport> {
  const { model } = compiled;
  const useTest = data.test.count > 0;
  const split = heldOut(data);
  const binary = isBinary(compiled, data);
  const report: EvaluationReport = {
    split: useTest ? 'test' : 'validation',
    count: split.count,
    classNames: data.classNames,
    confusion: null,
    perClass: [],
    accuracy: null,
    samples: [],
    boundary: null,
    histograms: await histograms(model, split, data.featureShape),
  };
  if (data.task !== 'classification' || split.count === 0) return report;
  const { probs, classes } = await predictProbabilities(model, split.x, data.featureShape, binary);
  const { index: predicted, value: confidence } = argMaxRows(probs, classes);
  const labels = Int32Array.from(split.y);
  const numClasses = Math.max(data.numClasses, classes);
  report.confusion = confusionMatrix(labels, predicted, numClasses);
  report.perClass = perClassStats(report.confusion, data.classNames);
  report.accuracy = report.perClass.reduce((a, c) => a + c.correct, 0) / split.count;
  report.samples = pickSamples(labels, predicted, confidence, SAMPLE_LIMIT).map((i) => ({
    index: i,
    label: labels[i]!,
    predicted: predicted[i]!,
    confidence: confidence[i]!,
    ...sampleView(data, split, i),
  }));
  report.boundary = await decisionBoundary(compiled, data);
  return report;
}
