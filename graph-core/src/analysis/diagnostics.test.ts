import { describe, expect, it } from 'vitest';
import { analyzeGraph } from './analyze';
import { graph, pipeline } from './test-graphs';
import type { AnalysisContext, Diagnostic } from './types';

const mnistMlp = () =>
  pipeline({ source: 'mnist' }, [
    ['flat', 'Flatten'],
    ['d1', 'Dense', { units: 128, activation: 'relu' }],
    ['d2', 'Dense', { units: 10 }],
    ['a2', 'Activation', { activation: 'softmax' }],
  ]);

const irisMlp = (units = 3, activation = 'softmax') =>
  pipeline({ source: 'iris' }, [
    ['d1', 'Dense', { units: 16, activation: 'relu' }],
    ['out', 'Dense', { units, activation }, 'scores'],
  ]);

/** The one diagnostic that matches; fails when there is none or several. */
function only(diags: Diagnostic[], where: Partial<Diagnostic>): Diagnostic {
  const hits = diags.filter((d) => Object.entries(where).every(([k, v]) => d[k as keyof Diagnostic] === v));
  expect(hits, JSON.stringify(diags, null, 1)).toHaveLength(1);
  return hits[0] as Diagnostic;
}

describe('a valid graph', () => {
  it('has no diagnostics, the Keras total and the model in order', () => {
    const a = analyzeGraph(mnistMlp());
    expect(a.diagnostics).toEqual([]);
    expect(a.valid).toBe(true);
    expect(a.totalParams).toBe(100_480 + 1290);
    expect(a.modelOrder).toEqual(['in', 'flat', 'd1', 'd2', 'a2']);
    expect(a.roles).toMatchObject({
      datasetId: 'data',
      inputId: 'in',
      outputId: 'a2',
      lossId: 'loss',
      optimizerId: 'opt',
      dataChain: ['data'],
    });
    expect(a.dataset).toMatchObject({ featureShape: [28, 28, 1], numClasses: 10 });
  });
});

describe('diagnostics', () => {
  it('reports each node on a cycle, and only those', () => {
    const doc = graph({ a: ['Dense'], b: ['Dense'], c: ['Dense'] }, ['a>b', 'b>a', 'b>c']);
    const cyc = analyzeGraph(doc).diagnostics.filter((d) => d.message.includes('cycle'));
    expect(cyc.map((d) => d.nodeId).sort()).toEqual(['a', 'b']);
    expect(cyc[0]).toMatchObject({ severity: 'error', field: 'inputs' });
  });

  it('warns about a layer connected to nothing and does not train it', () => {
    const doc = mnistMlp();
    doc.nodes.push({ id: 'lost', type: 'Dense', params: {} });
    const a = analyzeGraph(doc);
    expect(only(a.diagnostics, { nodeId: 'lost' })).toMatchObject({
      severity: 'warning',
      message:
        'Dense "lost" is not connected yet: wire it between the Input and the Loss to use it (until then it is ignored)',
    });
    expect(a.valid).toBe(true);
  });

  it.each(['Flatten', 'Dense', 'Conv2D', 'Add', 'Concatenate', 'Reshape'] as const)(
    'says only "not connected yet" of a freshly dropped %s, with no fix and no shape',
    (type) => {
      const doc = irisMlp();
      doc.nodes.push({ id: 'new', type, params: {} });
      const a = analyzeGraph(doc);
      const d = only(a.diagnostics, { nodeId: 'new', field: 'inputs' });
      expect(a.diagnostics.filter((x) => x.nodeId === 'new').every((x) => x.severity === 'warning')).toBe(
        true,
      );
      expect(d.message).toContain('is not connected yet');
      expect(d.fix).toBeUndefined();
      expect(a.nodes.new?.outputShape).toBeNull();
      expect(a.valid).toBe(true);
    },
  );

  it('treats a pasted group of unwired nodes like one loose node: a warning each, Train not blocked', () => {
    const doc = irisMlp();
    doc.nodes.push(
      { id: 'p1', type: 'Flatten', params: {} },
      { id: 'p2', type: 'Dense', params: { units: 8 } },
      { id: 'p3', type: 'Add', params: {} },
    );
    doc.edges.push({ id: 'x1', source: 'p1', target: 'p2' }, { id: 'x2', source: 'p2', target: 'p3' });
    const a = analyzeGraph(doc);
    for (const id of ['p1', 'p2', 'p3']) {
      const d = only(a.diagnostics, { nodeId: id });
      expect(d.severity).toBe('warning');
      expect(d.message).toContain('is not connected yet');
    }
    expect(a.valid).toBe(true);
    expect(a.modelOrder).not.toContain('p2');
  });

  it('does not let a broken branch off the trained path block Train, nor offer to delete it', () => {
    const doc = irisMlp();
    // A Flatten on Iris's flat [4] is wrong, but it hangs off d1 and does not reach the Loss.
    doc.nodes.push({ id: 'f', type: 'Flatten', params: {} });
    doc.edges.push({ id: 'x', source: 'd1', target: 'f' });
    const a = analyzeGraph(doc);
    const onF = a.diagnostics.filter((d) => d.nodeId === 'f');
    expect(onF.length).toBeGreaterThan(0);
    expect(onF.every((d) => d.severity === 'warning' && d.fix?.kind !== 'removeNode')).toBe(true);
    expect(a.valid).toBe(true);
  });

  it('still blames a node that leads to the Loss but gets no input', () => {
    const doc = irisMlp();
    doc.edges = doc.edges.filter((e) => e.target !== 'd1');
    const a = analyzeGraph(doc);
    expect(only(a.diagnostics, { nodeId: 'd1', severity: 'error' })).toMatchObject({
      message: 'Dense "d1" has no input: connect one',
    });
    expect(a.valid).toBe(false);
  });

  it('warns on a just-placed Dataset, Input, Loss and Optimizer, and blocks Train with one graph-level error', () => {
    const doc = graph(
      {
        data: ['Dataset', { source: 'mnist' }],
        in: ['Input'],
        loss: ['Loss'],
        opt: ['Optimizer'],
        f: ['Flatten'],
      },
      [],
    );
    const a = analyzeGraph(doc);
    const onNodes = a.diagnostics.filter((d) => d.nodeId !== null);
    expect(
      onNodes.filter((d) => d.severity === 'error'),
      JSON.stringify(onNodes, null, 1),
    ).toEqual([]);
    const global = a.diagnostics.filter((d) => d.nodeId === null && d.severity === 'error');
    expect(global.map((d) => d.message)).toEqual([
      'Wire Dataset "data", Input "in", Loss "loss", Optimizer "opt" to train: Dataset → Input → layers → Loss → Optimizer',
    ]);
    expect(a.valid).toBe(false);
  });

  it('warns with a fix when binaryCrossentropy meets a 10-class softmax', () => {
    const doc = mnistMlp();
    const loss = doc.nodes.find((n) => n.id === 'loss');
    if (loss) loss.params = { loss: 'binaryCrossentropy' };
    const a = analyzeGraph(doc);
    expect(only(a.diagnostics, { nodeId: 'loss' })).toMatchObject({
      severity: 'warning',
      field: 'loss',
      message:
        'Loss "loss" uses binaryCrossentropy, which is for two classes, but MNIST has 10: use categoricalCrossentropy',
      fix: { kind: 'setParam', field: 'loss', value: 'categoricalCrossentropy' },
    });
  });

  it('keeps the Remove Flatten fix for a Flatten on the trained path', () => {
    const doc = pipeline({ source: 'iris' }, [
      ['f', 'Flatten'],
      ['out', 'Dense', { units: 3, activation: 'softmax' }],
    ]);
    const d = only(analyzeGraph(doc).diagnostics, { nodeId: 'f' });
    expect(d).toMatchObject({ severity: 'error', fix: { kind: 'removeNode' } });
  });

  it('warns about a branch that does not lead to the Loss', () => {
    const doc = mnistMlp();
    doc.nodes.push({ id: 'side', type: 'Dense', params: {} });
    doc.edges.push({ id: 'x', source: 'd1', target: 'side' });
    const d = only(analyzeGraph(doc).diagnostics, { nodeId: 'side' });
    expect(d).toMatchObject({ severity: 'warning' });
    expect(d.message).toContain('does not lead from the Input to the Loss');
  });

  it.each(['Dataset', 'Input', 'Loss', 'Optimizer'])('reports a missing %s for the whole graph', (type) => {
    const doc = mnistMlp();
    doc.nodes = doc.nodes.filter((n) => n.type !== type);
    const ids = new Set(doc.nodes.map((n) => n.id));
    doc.edges = doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
    const global = analyzeGraph(doc).diagnostics.filter((d) => d.nodeId === null);
    const d = only(global, {
      message: global.find((g) => g.message.startsWith('The graph has no'))?.message,
    });
    expect(d).toMatchObject({ severity: 'error' });
    expect(d.message).toContain(`The graph has no ${type}`);
  });

  it('reports a second Loss on the extra node', () => {
    const doc = mnistMlp();
    doc.nodes.push({ id: 'loss2', type: 'Loss', params: {} });
    doc.edges.push({ id: 'x', source: 'a2', target: 'loss2' });
    expect(only(analyzeGraph(doc).diagnostics, { nodeId: 'loss2' }).message).toBe(
      'Loss "loss2" is a second Loss: a graph has exactly one (the first is Loss "loss")',
    );
  });

  it('reports a Loss with no input', () => {
    const doc = mnistMlp();
    doc.edges = doc.edges.filter((e) => e.target !== 'loss');
    expect(only(analyzeGraph(doc).diagnostics, { nodeId: 'loss' })).toMatchObject({
      severity: 'error',
      field: 'inputs',
      message: 'Loss "loss" has no input: connect the model\'s output to it',
    });
  });

  it('reports a merge node with one input (wrong arity)', () => {
    const doc = graph({ in: ['Input', { shape: [4] }], sum: ['Add'] }, ['in>sum:in0']);
    expect(only(analyzeGraph(doc).diagnostics, { nodeId: 'sum' })).toMatchObject({
      field: 'inputs',
      message: 'Add "sum" needs at least 2 inputs, it has 1',
    });
  });

  it('reports a wire between kinds that do not fit, on its target', () => {
    const doc = mnistMlp();
    doc.edges.push({ id: 'x', source: 'data', target: 'd1' });
    const d = only(analyzeGraph(doc).diagnostics, { nodeId: 'd1', field: 'inputs' });
    expect(d.message).toContain('Dense "d1" cannot take input from Dataset "data"');
  });

  it('names the shapes when Add gets different ones', () => {
    const doc = graph(
      {
        in: ['Input', { shape: [8] }],
        a: ['Dense', { units: 128 }],
        b: ['Dense', { units: 64 }],
        s: ['Add', {}, 'sum'],
      },
      ['in>a', 'in>b', 'a>s:in0', 'b>s:in1'],
    );
    expect(only(analyzeGraph(doc).diagnostics, { nodeId: 's' }).message).toBe(
      'Add "sum" gets [128] and [64]: inputs must have the same shape',
    );
  });

  it('takes merge inputs in port order, not wire order', () => {
    const doc = graph(
      { in: ['Input', { shape: [8] }], a: ['Dense', { units: 2 }], b: ['Dense', { units: 3 }], s: ['Add'] },
      ['in>a', 'in>b', 'a>s:in1', 'b>s:in0'],
    );
    expect(only(analyzeGraph(doc).diagnostics, { nodeId: 's' }).message).toBe(
      'Add "s" gets [3] and [2]: inputs must have the same shape',
    );
  });

  it('reports Concatenate inputs that differ off the join axis', () => {
    const doc = graph(
      {
        in: ['Input', { shape: [2, 8] }],
        a: ['Dense', { units: 2 }],
        b: ['Reshape', { targetShape: [8, 2] }],
        c: ['Concatenate'],
      },
      ['in>a', 'in>b', 'a>c:in0', 'b>c:in1'],
    );
    expect(only(analyzeGraph(doc).diagnostics, { nodeId: 'c' }).message).toBe(
      'Concatenate "c" gets [2, 2] and [8, 2]: all sizes but axis -1 must match',
    );
  });

  it('refuses Conv2D fed a vector and offers a Reshape to an image', () => {
    const doc = pipeline({ source: 'mnist' }, [
      ['flat', 'Flatten'],
      ['conv', 'Conv2D', { filters: 8 }],
    ]);
    const d = only(analyzeGraph(doc).diagnostics, { nodeId: 'conv', severity: 'error' });
    expect(d.message).toBe('Conv2D "conv" needs an image [height, width, channels] but gets [784]');
    expect(d.fix).toMatchObject({
      kind: 'insertNode',
      nodeType: 'Reshape',
      params: { targetShape: [28, 28, 1] },
      edgeId: 'w2',
    });
  });

  it('refuses an LSTM fed a vector and offers a Reshape to a sequence', () => {
    const doc = pipeline({ source: 'iris' }, [['rnn', 'LSTM', { units: 4 }]]);
    const d = only(analyzeGraph(doc).diagnostics, { nodeId: 'rnn', severity: 'error' });
    expect(d.message).toBe('LSTM "rnn" needs a sequence [timesteps, features] but gets [4]');
    expect(d.fix).toMatchObject({ params: { targetShape: [4, 1] } });
  });

  it('warns when Dense gets an image and offers to insert Flatten on that wire', () => {
    const doc = pipeline({ source: 'mnist' }, [
      ['d', 'Dense', { units: 10, activation: 'softmax' }],
      ['f', 'Flatten'],
    ]);
    const d = only(analyzeGraph(doc).diagnostics, { nodeId: 'd' });
    expect(d).toMatchObject({
      severity: 'warning',
      field: 'inputs',
      fix: { kind: 'insertNode', nodeType: 'Flatten', edgeId: 'w1' },
    });
  });

  it('reports a kernel larger than its input and offers same padding', () => {
    const doc = graph({ in: ['Input', { shape: [3, 3, 1] }], c: ['Conv2D', { kernelSize: [5, 5] }] }, [
      'in>c',
    ]);
    const d = only(analyzeGraph(doc).diagnostics, { nodeId: 'c' });
    expect(d).toMatchObject({
      field: 'kernelSize',
      severity: 'error',
      fix: { kind: 'setParam', field: 'padding', value: 'same' },
    });
    expect(d.message).toContain('shrink below 1');
  });

  it.each([
    ['Dense', { units: 0 }, 'units', 'Dense "x": units must be an integer ≥ 1'],
    ['Dropout', { rate: 1 }, 'rate', 'Dropout "x": rate must be a number ≥ 0 and < 1'],
    [
      'Activation',
      { activation: 'relu9' },
      'activation',
      'Dropout'.length ? 'Activation "x": activation must be one of' : '',
    ],
  ] as const)('reports an invalid param of %s on its field', (type, params, field, message) => {
    const doc = graph({ in: ['Input', { shape: [4] }], x: [type, params] }, ['in>x']);
    const d = only(analyzeGraph(doc).diagnostics, { nodeId: 'x' });
    expect(d).toMatchObject({ severity: 'error', field });
    expect(d.message).toContain(message);
  });

  it.each([0, -0.1, Number.NaN])('reports learningRate %s', (lr) => {
    const doc = mnistMlp();
    (doc.nodes.find((n) => n.id === 'opt') as { params: Record<string, unknown> }).params.learningRate = lr;
    expect(only(analyzeGraph(doc).diagnostics, { nodeId: 'opt' })).toMatchObject({
      field: 'learningRate',
      message: 'Optimizer "opt": learningRate must be a number > 0 and ≤ 10',
    });
  });

  it('ignores a bad value in a param the chosen optimizer does not use', () => {
    const doc = mnistMlp();
    (doc.nodes.find((n) => n.id === 'opt') as { params: Record<string, unknown> }).params.momentum = 7;
    expect(analyzeGraph(doc).diagnostics).toEqual([]);
  });

  it("offers to set units to the dataset's class count (10 outputs for Iris)", () => {
    const d = only(analyzeGraph(irisMlp(10)).diagnostics, { nodeId: 'out' });
    expect(d).toMatchObject({
      severity: 'error',
      field: 'units',
      fix: { kind: 'setParam', nodeId: 'out', field: 'units', value: 3 },
    });
    expect(d.message).toBe('Dense "scores" gives 10 outputs but Iris has 3 classes: set units to 3');
  });

  it('warns when categoricalCrossentropy follows no softmax and offers it', () => {
    const d = only(analyzeGraph(irisMlp(3, 'relu')).diagnostics, { nodeId: 'out' });
    expect(d).toMatchObject({
      severity: 'warning',
      field: 'activation',
      fix: { kind: 'setParam', value: 'softmax' },
    });
    expect(d.message).toContain('categoricalCrossentropy expects class probabilities');
  });

  it('refuses a classification loss on a regression dataset', () => {
    const ctx: AnalysisContext = {
      datasetInfo: () => ({ featureShape: [3], numClasses: 1, task: 'regression' }),
    };
    const doc = pipeline({ source: 'csv', path: 'houses.csv' }, [['out', 'Dense', { units: 1 }]]);
    const d = only(analyzeGraph(doc, ctx).diagnostics, { nodeId: 'loss' });
    expect(d).toMatchObject({
      severity: 'error',
      field: 'loss',
      fix: { kind: 'setParam', value: 'meanSquaredError' },
    });
  });

  it('warns about softmax on a regression output', () => {
    const ctx: AnalysisContext = {
      datasetInfo: () => ({ featureShape: [3], numClasses: 1, task: 'regression' }),
    };
    const doc = pipeline(
      { source: 'csv', path: 'h.csv' },
      [['out', 'Dense', { units: 1, activation: 'softmax' }]],
      { loss: 'meanSquaredError' },
    );
    expect(only(analyzeGraph(doc, ctx).diagnostics, { nodeId: 'out' }).message).toContain(
      'single output, which is always 1',
    );
  });

  it('refuses a model whose output is not a vector', () => {
    const doc = pipeline({ source: 'mnist' }, [['d', 'Dense', { units: 10, activation: 'softmax' }]]);
    expect(only(analyzeGraph(doc).diagnostics, { nodeId: 'loss' }).message).toContain(
      'gets [28, 28, 10], but MNIST',
    );
  });

  it('reports Input shape that disagrees with the data and offers to clear it', () => {
    const doc = mnistMlp();
    (doc.nodes.find((n) => n.id === 'in') as { params: Record<string, unknown> }).params.shape = [784];
    expect(only(analyzeGraph(doc).diagnostics, { nodeId: 'in' })).toMatchObject({
      field: 'shape',
      fix: { kind: 'setParam', field: 'shape', value: null },
    });
  });

  it('refuses image augmentation on tabular data, naming the field', () => {
    const doc = graph(
      { data: ['Dataset', { source: 'iris' }], aug: ['Augment', { flipHorizontal: true }], in: ['Input'] },
      ['data>aug', 'aug>in'],
    );
    expect(only(analyzeGraph(doc).diagnostics, { nodeId: 'aug' })).toMatchObject({
      field: 'flipHorizontal',
      severity: 'error',
    });
  });

  it('resizes images in the data chain before the Input', () => {
    const doc = graph(
      {
        data: ['Dataset', { source: 'mnist' }],
        r: ['Resize', { size: [14, 14] }],
        n: ['Normalize'],
        in: ['Input'],
      },
      ['data>r', 'r>n', 'n>in'],
    );
    const a = analyzeGraph(doc);
    expect(a.nodes.in?.outputShape).toEqual([null, 14, 14, 1]);
    expect(a.roles?.dataChain).toEqual(['data', 'r', 'n']);
  });

  it('takes one number for an image size as that size on both sides (Resize and an image Dataset)', () => {
    const resized = graph(
      { data: ['Dataset', { source: 'mnist' }], r: ['Resize', { size: 14 }], in: ['Input'] },
      ['data>r', 'r>in'],
    );
    expect(analyzeGraph(resized).nodes.in?.outputShape).toEqual([null, 14, 14, 1]);
    const folder = graph(
      { data: ['Dataset', { source: 'images', path: 'pics', imageSize: 12, channels: 3 }], in: ['Input'] },
      ['data>in'],
    );
    expect(analyzeGraph(folder).nodes.in?.outputShape).toEqual([null, 12, 12, 3]);
  });

  it('asks for a file when a CSV Dataset has no path', () => {
    const doc = graph({ data: ['Dataset', { source: 'csv' }], in: ['Input'] }, ['data>in']);
    expect(only(analyzeGraph(doc).diagnostics, { nodeId: 'data' })).toMatchObject({
      field: 'path',
      severity: 'error',
    });
  });

  it('refuses a model over the size cap, naming its biggest layer', () => {
    const d = only(analyzeGraph(mnistMlp(), { maxParams: 50_000 }).diagnostics, { severity: 'error' });
    expect(d).toMatchObject({ nodeId: 'd1' });
    expect(d.message).toContain('101,770 parameters, more than the limit of 50,000');
  });
});
