import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../analysis/index';
import { compileGraph } from '../compile/index';
import { ImportError } from './errors';
import { importTfjsLayers } from './tfjs';
import { readTfjsModelJson } from './tfjs-topology';
import { irisMlp, saveTfjs } from './tfjs-testkit';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function saved() {
  const s = await saveTfjs(irisMlp());
  return { json: JSON.parse(s.modelJson) as Json, text: s.modelJson, bin: s.bin };
}
const load = (json: Json, bin: Uint8Array) =>
  importTfjsLayers(readTfjsModelJson(JSON.stringify(json)), [bin]);

/** A functional topology of `n` Dense layers in a chain (plus an input). */
function chain(n: number, cycle = false): Json {
  const layers: Json[] = [
    { name: 'in', class_name: 'InputLayer', config: { batch_input_shape: [null, 4] }, inbound_nodes: [] },
  ];
  for (let i = 0; i < n; i++)
    layers.push({
      name: `d${i}`,
      class_name: 'Dense',
      config: { units: 4 },
      inbound_nodes: [[[i === 0 ? 'in' : `d${i - 1}`, 0, 0, {}]]],
    });
  if (cycle) layers[1]!.inbound_nodes = [[[`d${n - 1}`, 0, 0, {}]]];
  return {
    modelTopology: {
      class_name: 'Model',
      config: { name: 'm', layers, input_layers: [['in', 0, 0]], output_layers: [[`d${n - 1}`, 0, 0]] },
    },
    weightsManifest: [],
  };
}

describe('tfjs import of bad files: one clear message each', () => {
  it('says where a truncated model.json stops', async () => {
    const { text } = await saved();
    expect(() => readTfjsModelJson(text.slice(0, 300))).toThrow(
      /^model\.json is not valid JSON at line 1, column \d+: .*\(is the file cut short\?\)\.$/,
    );
  });

  it('names the weight when a shard is the wrong size', async () => {
    const { json, bin } = await saved();
    expect(() => load(json, bin.subarray(0, bin.length - 8))).toThrow(ImportError);
    expect(() => load(json, bin.subarray(0, bin.length - 8))).toThrow(
      `model.json: weight "bn/moving_variance" needs bytes ${bin.length - 64}–${bin.length} but the weight files hold ${bin.length - 8} (a weight file is cut short or is not the one model.json names).`,
    );
    const longer = new Uint8Array(bin.length + 4);
    longer.set(bin);
    expect(() => load(json, longer)).toThrow(
      `the weight files hold ${bin.length + 4} bytes but the manifest describes ${bin.length}`,
    );
  });

  it('refuses a weights path that leaves the model folder', async () => {
    const { json } = await saved();
    json['weightsManifest'][0].paths = ['../../secret.bin'];
    expect(() => readTfjsModelJson(JSON.stringify(json))).toThrow(
      `weight file path "../../secret.bin" refused: it leaves the model's folder`,
    );
  });

  it('refuses a cyclic graph naming the layers on the cycle', () => {
    expect(() => importTfjsLayers(readTfjsModelJson(JSON.stringify(chain(3, true))), [])).toThrow(
      'model.json: the layers form a cycle ("d0" → "d1" → "d2" → "d0"); a model must flow one way.',
    );
  });

  it('refuses a 10,000-layer model before building anything', () => {
    expect(() => readTfjsModelJson(JSON.stringify(chain(10_000)))).toThrow(
      'model.json has 10,001 layers; Layerloom imports at most 2,000 (a larger canvas cannot be edited).',
    );
  });

  it('says what a graph model or another file is', () => {
    expect(() => readTfjsModelJson('{"format":"graph-model","modelTopology":[]}')).toThrow(
      /tfjs graph model/,
    );
    expect(() => readTfjsModelJson('{"a":1}')).toThrow(
      'model.json is not a tfjs layers model: it has no "modelTopology".',
    );
    expect(() => readTfjsModelJson('{"modelTopology":{"class_name":"Weird"}}')).toThrow(
      /model class is "Weird"/,
    );
  });

  it('keeps an unknown layer as a visible placeholder that reports an error and never compiles', async () => {
    const { json, bin } = await saved();
    const layers = json['modelTopology'].config.layers as Json[];
    const leaky = layers.find((l) => l['config'].name === 'leaky')!;
    leaky['class_name'] = 'Lambda';
    leaky['config'].function = 'lambda x: x * 2';
    const { document } = load(json, bin);
    const node = document.nodes.find((n) => n.id === 'leaky')!;
    expect(node.type).toBe('Unsupported');
    expect(node.params).toMatchObject({ op: 'Lambda', config: { function: 'lambda x: x * 2' } });
    const analysis = analyzeGraph(document);
    expect(analysis.valid).toBe(false);
    expect(analysis.diagnostics.find((d) => d.nodeId === 'leaky')?.message).toBe(
      "Keras layer Lambda at node 'leaky' is not supported: it has no Layerloom node. Replace it with supported nodes to train.",
    );
    expect(() => compileGraph(document)).toThrow(/not supported/);
  });

  it('turns a setting Layerloom cannot express into a placeholder instead of changing the model', async () => {
    const { json, bin } = await saved();
    const layers = json['modelTopology'].config.layers as Json[];
    const gru = { class_name: 'GRU', config: { name: 'g', units: 2, reset_after: true } };
    layers.push(gru);
    const { document } = load(json, bin);
    const g = document.nodes.find((n) => n.id === 'g')!;
    expect(g.type).toBe('Unsupported');
    expect(g.params['reason']).toBe(
      'GRU with reset_after (the Keras 2.x default) has no tfjs equivalent (reset_after = true)',
    );
  });
});
