import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../../graph-core/src/document';
import { parseScalar, parseSetArg, parseSweepArgs } from './sweepArgs';

const doc: GraphDocument = {
  format: 'layerloom',
  version: 1,
  name: 'g',
  nodes: [
    { id: 'a1', type: 'Activation', params: {} },
    { id: 'opt', type: 'Optimizer', params: {} },
    { id: 'block.1', type: 'Dense', params: {} },
    { id: 'c1', type: 'Conv2D', params: {} },
  ],
  edges: [],
};

describe('--set values', () => {
  it.each([
    ['relu', 'relu'],
    ['1e-3', 0.001],
    ['64', 64],
    ['-0.5', -0.5],
    ['true', true],
    ['null', null],
    ['1e', '1e'],
  ])('reads %s as %j', (text, value) => {
    expect(parseScalar(text)).toBe(value);
  });

  it.each([
    [
      'a1.activation=sigmoid,tanh,relu',
      { nodeId: 'a1', field: 'activation', values: ['sigmoid', 'tanh', 'relu'] },
    ],
    ['opt.learningRate=1e-3,1e-2', { nodeId: 'opt', field: 'learningRate', values: [0.001, 0.01] }],
    ['opt.earlyStopping.patience=1,3', { nodeId: 'opt', field: 'earlyStopping.patience', values: [1, 3] }],
    [
      'opt.learningRate=log:1e-4:1e-1:4',
      { nodeId: 'opt', field: 'learningRate', values: { range: 'log', min: 1e-4, max: 0.1, count: 4 } },
    ],
    [
      'opt.batchSize=linear:16:128:3:int',
      {
        nodeId: 'opt',
        field: 'batchSize',
        values: { range: 'linear', min: 16, max: 128, count: 3, integer: true },
      },
    ],
    [
      'block.1.kernelSize=[[3,3],[5,5]]',
      {
        nodeId: 'block.1',
        field: 'kernelSize',
        values: [
          [3, 3],
          [5, 5],
        ],
      },
    ],
    // Numbers and per-axis params read as the inspector reads them (one text-to-param parser).
    ['c1.kernelSize=3,5', { nodeId: 'c1', field: 'kernelSize', values: [3, 5] }],
    ['c1.strides=1x2', { nodeId: 'c1', field: 'strides', values: [[1, 2]] }],
    ['block.1.units=32,64', { nodeId: 'block.1', field: 'units', values: [32, 64] }],
  ])('parses %s', (arg, param) => {
    expect(parseSetArg(arg, doc)).toEqual({ ok: true, value: param });
  });

  it.each([
    ['a1activation=relu', 'expected NODE.FIELD=VALUES'],
    ['zz.activation=relu', 'there is no node "zz" in the graph (nodes: a1, opt, block.1, c1)'],
    ['a1.activation=', 'no values after "="'],
    ['a1.activation=relu,,tanh', 'an empty value between commas'],
    ['opt.learningRate=log:a:b:3', 'a range is log:MIN:MAX:COUNT'],
    ['block.1.kernelSize=[[3,3]', 'must be a JSON list'],
    ['block.1.units=32,6.5', 'Units must be a whole number, not “6.5”'],
    ['opt.learningRate=0.1,fast', 'must be a number, not “fast”'],
  ])('explains %s', (arg, message) => {
    const r = parseSetArg(arg, doc);
    expect(!r.ok && r.error).toContain(message);
  });
});

describe('sweep command line', () => {
  it('reads the file, repeated --set, numbers and both flag spellings', () => {
    const r = parseSweepArgs([
      'g.layerloom',
      '--set',
      'a1.activation=relu,tanh',
      '--set=opt.learningRate=1e-3',
      '--epochs',
      '1',
      '--limit=300',
      '--out',
      'o',
    ]);
    expect(r).toMatchObject({
      ok: true,
      value: {
        file: 'g.layerloom',
        sets: ['a1.activation=relu,tanh', 'opt.learningRate=1e-3'],
        epochs: 1,
        limit: 300,
        out: 'o',
      },
    });
  });

  it.each([
    [['g', '--epochs', '0'], '--epochs must be a whole number from 1 up, found "0"'],
    [['g', '--random', 'x'], '--random must be a whole number'],
    [['g', '--frobnicate', '1'], 'unknown option --frobnicate'],
    [['g', '--set'], '--set needs a value'],
    [[], 'sweep needs a FILE'],
    [['a', 'b'], 'a second one'],
    [['g', '--resume', 'd'], 'give no FILE or --set with it'],
  ])('refuses %j', (argv, message) => {
    const r = parseSweepArgs(argv);
    expect(!r.ok && r.error).toContain(message);
  });
});
