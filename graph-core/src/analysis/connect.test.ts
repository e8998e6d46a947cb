import { describe, expect, it } from 'vitest';
import { canConnect, nextFreeHandle, portHandles } from './connect';
import { graph } from './test-graphs';

const doc = () =>
  graph(
    {
      data: ['Dataset'],
      norm: ['Normalize'],
      in: ['Input'],
      d1: ['Dense'],
      d2: ['Dense'],
      sum: ['Add'],
      loss: ['Loss'],
      opt: ['Optimizer'],
    },
    ['data>norm', 'in>d1', 'd1>d2', 'd1>sum:in0', 'loss>opt'],
  );

describe('canConnect', () => {
  it.each([
    ['norm', 'in', undefined],
    ['d2', 'sum', 'in1'],
    ['d2', 'loss', undefined],
  ])('allows %s → %s', (source, target, targetHandle) => {
    expect(canConnect(doc(), { source, target, targetHandle })).toEqual({ ok: true });
  });

  it.each([
    ['d1', 'd1', undefined, 'Dense "d1" cannot take its own output'],
    ['d2', 'in', undefined, 'Input "in" cannot take input from Dense "d2"'],
    ['in', 'data', undefined, 'Dataset "data" cannot take input from Input "in"'],
    ['data', 'd2', undefined, 'Dense "d2" cannot take input from Dataset "data"'],
    ['in', 'loss', undefined, 'Loss "loss" cannot take input from Input "in"'],
    ['d2', 'opt', undefined, 'Optimizer "opt" cannot take input from Dense "d2"'],
    ['opt', 'd2', undefined, 'Optimizer "opt" has no output to connect'],
    ['in', 'd2', undefined, 'Dense "d2" already has its input: delete a wire first'],
    ['d2', 'sum', 'in0', 'Port in0 of Add "sum" is taken'],
    ['d2', 'sum', 'left', 'Add "sum" has no port "left"'],
    ['d2', 'ghost', undefined, 'There is no node "ghost"'],
  ])('refuses %s → %s (%s)', (source, target, targetHandle, reason) => {
    const v = canConnect(doc(), { source, target, targetHandle });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reason).toContain(reason);
  });

  it('refuses a wire that would close a cycle', () => {
    const g = graph({ a: ['Dense'], b: ['Dense'], s: ['Add'] }, ['a>s:in0', 's>b']);
    expect(canConnect(g, { source: 'b', target: 's', targetHandle: 'in1' })).toEqual({
      ok: false,
      reason: 'Connecting Dense "b" to Add "s" would make a cycle',
    });
  });
});

describe('ports of multi-input nodes', () => {
  it('gives the lowest free port', () => {
    const g = graph({ a: ['Dense'], s: ['Concatenate'] }, ['a>s:in0', 'a>s:in2']);
    expect(nextFreeHandle(g, 's')).toBe('in1');
    expect(nextFreeHandle(g, 'a')).toBeUndefined();
  });

  it('shows every used port plus one free one, and at least two', () => {
    expect(portHandles(graph({ s: ['Add'] }, []), 's')).toEqual(['in0', 'in1']);
    const g = graph({ a: ['Dense'], s: ['Add'] }, ['a>s:in0', 'a>s:in2']);
    expect(portHandles(g, 's')).toEqual(['in0', 'in1', 'in2', 'in3']);
    expect(portHandles(g, 'a')).toEqual([]);
  });
});
