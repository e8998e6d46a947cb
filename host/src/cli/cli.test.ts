import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../fs/test-dir';
import { parseTrainArgs } from './args';
import { main, EXIT } from './main';
import { captureConsole, sample } from './testkit';

const tmp = makeTempDir('layerloom-cli-');
afterAll(() => tmp.cleanup());

function file(name: string, content: string): string {
  const p = path.join(tmp.dir, name);
  writeFileSync(p, content);
  return p;
}

const mlp = JSON.parse(
  JSON.stringify({
    format: 'layerloom',
    version: 1,
    name: 'tiny',
    nodes: [
      { id: 'data', type: 'Dataset', params: { source: 'iris' } },
      { id: 'in', type: 'Input', params: {} },
      { id: 'd', type: 'Dense', params: { units: 3, activation: 'softmax' } },
      { id: 'loss', type: 'Loss', params: {} },
      { id: 'opt', type: 'Optimizer', params: {} },
    ],
    edges: [
      { id: 'e1', source: 'data', target: 'in' },
      { id: 'e2', source: 'in', target: 'd' },
      { id: 'e3', source: 'd', target: 'loss' },
      { id: 'e4', source: 'loss', target: 'opt' },
    ],
  }),
) as { nodes: { id: string; type: string; params: Record<string, unknown> }[] };

describe('layerloom validate', () => {
  it('prints a Keras-like table and exits 0 for a valid sample', async () => {
    const c = captureConsole();
    expect(await main(['validate', sample('mnist-mlp')], { console: c })).toBe(EXIT.ok);
    expect(c.stdout()).toMatch(/d1\s+Dense\s+\(None, 128\)\s+100,480/);
    expect(c.stdout()).toContain('Total params: 101,770');
    expect(c.stderr()).toBe('');
  });

  it('prints the --json contract', async () => {
    const c = captureConsole();
    expect(await main(['validate', sample('mnist-mlp'), '--json'], { console: c })).toBe(EXIT.ok);
    const json = JSON.parse(c.stdout()) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual([
      'diagnostics',
      'nodes',
      'nonTrainableParams',
      'totalParams',
      'valid',
    ]);
    expect(json['valid']).toBe(true);
    expect(json['totalParams']).toBe(101_770);
    expect((json['nodes'] as unknown[])[3]).toEqual({
      id: 'd1',
      type: 'Dense',
      outputShape: [null, 128],
      params: 100_480,
    });
  });

  it('exits 1 and names the node when the graph is invalid', async () => {
    const bad = structuredClone(mlp);
    bad.nodes[2]!.params['units'] = 10;
    const c = captureConsole();
    expect(
      await main(['validate', file('bad-units.layerloom', JSON.stringify(bad)), '--json'], { console: c }),
    ).toBe(EXIT.invalid);
    const json = JSON.parse(c.stdout()) as {
      valid: boolean;
      diagnostics: { nodeId: string | null; severity: string; field: string | null; message: string }[];
    };
    expect(json.valid).toBe(false);
    expect(json.diagnostics.some((d) => d.severity === 'error' && d.nodeId === 'd')).toBe(true);
    json.diagnostics.forEach((d) =>
      expect(Object.keys(d).sort()).toEqual(['field', 'message', 'nodeId', 'severity']),
    );
  });

  it.each([
    ['a missing file', () => path.join(tmp.dir, 'nope.layerloom'), /no such file/],
    ['text that is not JSON', () => file('a.layerloom', '{ "format": '), /Not valid JSON/],
    ['another format', () => file('b.layerloom', JSON.stringify({ ...mlp, format: 'keras' })), /format/],
    ['a newer version', () => file('c.layerloom', JSON.stringify({ ...mlp, version: 99 })), /version/],
    [
      'an unknown node type',
      () =>
        file(
          'd.layerloom',
          JSON.stringify({ ...mlp, nodes: [...mlp.nodes, { id: 'x', type: 'Transformer', params: {} }] }),
        ),
      /Transformer/,
    ],
  ])('gives one clear line and exit 2 for %s', async (_what, make, pattern) => {
    for (const command of ['validate', 'train']) {
      const c = captureConsole();
      expect(await main([command, make()], { console: c })).toBe(EXIT.unreadable);
      const lines = c.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(pattern);
      expect(lines[0]).toMatch(/^layerloom: /);
      expect(c.stderr()).not.toMatch(/\n\s+at /);
    }
  });

  it('exits 2 with the usage for an unknown command or option', async () => {
    const c = captureConsole();
    expect(await main(['fit', 'x'], { console: c })).toBe(EXIT.unreadable);
    expect(await main(['train', 'x', '--speed', '3'], { console: c })).toBe(EXIT.unreadable);
    expect(c.stderr()).toContain('unknown command "fit"');
    expect(c.stderr()).toContain('unknown option --speed');
  });
});

describe('train arguments', () => {
  it.each([
    [
      ['f', '--epochs', '3', '--seed=7', '--limit', '500', '--backend', 'wasm', '--out', 'o'],
      {
        file: 'f',
        epochs: 3,
        seed: 7,
        limit: 500,
        backend: 'wasm',
        out: 'o',
        workspace: null,
        allowDataOutside: false,
      },
    ],
    [
      ['f', '--workspace=/w'],
      {
        file: 'f',
        epochs: null,
        seed: null,
        limit: null,
        backend: 'auto',
        out: null,
        workspace: '/w',
        allowDataOutside: false,
      },
    ],
    [
      ['f'],
      {
        file: 'f',
        epochs: null,
        seed: null,
        limit: null,
        backend: 'auto',
        out: null,
        workspace: null,
        allowDataOutside: false,
      },
    ],
    [
      ['f', '--allow-data-outside'],
      {
        file: 'f',
        epochs: null,
        seed: null,
        limit: null,
        backend: 'auto',
        out: null,
        workspace: null,
        allowDataOutside: true,
      },
    ],
  ])('parses %j', (argv, expected) => {
    expect(parseTrainArgs(argv)).toEqual({ ok: true, value: expected });
  });

  it.each([
    [['f', '--epochs', '0'], /--epochs must be a whole number of at least 1/],
    [['f', '--backend', 'webgl'], /--backend must be one of auto, cpu, wasm/],
    [['f', '--seed'], /--seed needs a value/],
    [['f', 'g'], /one FILE/],
    [[], /needs a project FILE/],
  ])('refuses %j', (argv, pattern) => {
    const r = parseTrainArgs(argv);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(pattern);
  });
});
