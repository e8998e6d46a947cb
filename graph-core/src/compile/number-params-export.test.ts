import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from './index';
import { chainGraph, type LayerSpec } from './testGraphs';
import type { JsonValue } from '../document/types';
import { exportOnnx } from '../onnx/export';
import type { NamedWeight } from '../weights/named';
import { planModel } from '../export/pytorch/model-py';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// One number for a per-axis param (kernelSize 3, strides 2, poolSize 2, size 2) means that value on
// every axis, as in the file format and Keras: every exporter writes exactly what the list gives.
const listed: LayerSpec[] = [
  ['Conv2D', { filters: 2, kernelSize: [3, 3], strides: [1, 1], activation: 'relu' }, 'c'],
  ['MaxPooling2D', { poolSize: [2, 2], strides: [2, 2] }, 'mp'],
  ['DepthwiseConv2D', { kernelSize: [3, 3], strides: [1, 1] }, 'dw'],
  ['SeparableConv2D', { filters: 3, kernelSize: [2, 2], strides: [1, 1] }, 'sep'],
  ['Conv2DTranspose', { filters: 2, kernelSize: [2, 2], strides: [2, 2] }, 'up'],
  ['AveragePooling2D', { poolSize: [2, 2] }, 'ap'],
  ['UpSampling2D', { size: [2, 2] }, 'us'],
  ['Reshape', { targetShape: [-1, 2] }, 'seq'],
  ['Conv1D', { filters: 2, kernelSize: [3], strides: [2] }, 'c1'],
  ['Flatten', {}, 'f'],
  ['Dense', { units: 10, activation: 'softmax' }, 'out'],
];
const single = (v: JsonValue | undefined) => (Array.isArray(v) ? v[0]! : v) as JsonValue;
const numbered: LayerSpec[] = listed.map(([type, p, id]) => [
  type,
  Object.fromEntries(
    Object.entries(p ?? {}).map(([k, v]) => [
      k,
      ['kernelSize', 'strides', 'poolSize', 'size'].includes(k) ? single(v) : v,
    ]),
  ),
  id!,
]);
const graphOf = (layers: LayerSpec[]) => chainGraph({ dataset: { source: 'mnist' }, layers });

function weightsOf(layers: LayerSpec[]): NamedWeight[] {
  const c = compileGraph(graphOf(layers));
  const out = c.model.weights.map((w) => ({
    name: w.originalName,
    shape: w.shape as number[],
    data: w.read().dataSync() as Float32Array,
  }));
  c.model.dispose();
  return out;
}

describe('per-axis params given as one number', () => {
  it('the test graph really uses the number form', () => {
    expect(numbered.find(([, , id]) => id === 'c')?.[1]).toMatchObject({ kernelSize: 3, strides: 1 });
    expect(numbered.find(([, , id]) => id === 'us')?.[1]).toEqual({ size: 2 });
  });

  it('compile builds the same tfjs model (the model.json topology) as with lists', () => {
    const a = compileGraph(graphOf(listed));
    const b = compileGraph(graphOf(numbered));
    expect(b.model.toJSON(null, false)).toEqual(a.model.toJSON(null, false));
    expect(b.model.outputs[0]!.shape).toEqual([null, 10]);
    a.model.dispose();
    b.model.dispose();
  });

  it('the PyTorch export writes the same model.py and state dict as with lists', () => {
    const weights = weightsOf(listed);
    const a = planModel(graphOf(listed), weights, [28, 28, 1]);
    const b = planModel(graphOf(numbered), weights, [28, 28, 1]);
    expect(b.source).toBe(a.source);
    expect(b.source).toContain('kernel_size=(3, 3)');
    expect(Object.keys(b.state)).toEqual(Object.keys(a.state));
  });

  it('the ONNX export writes the same bytes as with lists', () => {
    // Kinds the ONNX exporter writes today (the others are refused by name, tested there).
    const onnx = ([type]: LayerSpec) =>
      !['DepthwiseConv2D', 'SeparableConv2D', 'Conv2DTranspose', 'UpSampling2D'].includes(type);
    const onnxLayers = listed.filter(onnx);
    const onnxNumbered = numbered.filter(onnx);
    const weights = weightsOf(onnxLayers);
    const a = exportOnnx(graphOf(onnxLayers), weights);
    const b = exportOnnx(graphOf(onnxNumbered), weights);
    expect(onnxNumbered.map(([type]) => type)).toContain('MaxPooling2D');
    expect(b).toEqual(a);
  });
});
