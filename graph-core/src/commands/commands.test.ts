import { describe, expect, it } from 'vitest';
import type { Subgraph } from './clipboardCommands';
import { CommandError } from './command';
import { newEdgeId, newId } from './ids';
import { applyCommand, COMMANDS, type CommandArgs, type CommandName } from './registry';
import { addDoc, chainDoc } from './testDocs';

function run<N extends CommandName>(doc: ReturnType<typeof chainDoc>, name: N, args: CommandArgs<N>) {
  return applyCommand(doc, name, args);
}

describe('command registry', () => {
  it('registers every command under its own name with a label', () => {
    for (const [key, command] of Object.entries(COMMANDS)) {
      expect(command.name).toBe(key);
      expect(command.label.length).toBeGreaterThan(0);
    }
  });

  it('leaves the original document untouched', () => {
    const doc = chainDoc();
    const before = JSON.parse(JSON.stringify(doc)) as unknown;
    run(doc, 'deleteNodes', { nodeIds: ['flat'] });
    expect(doc).toEqual(before);
  });

  it('does not freeze objects the caller passed in', () => {
    const params = { units: 3 };
    run(chainDoc(), 'addNode', { type: 'Dense', params });
    params.units = 4;
    expect(params.units).toBe(4);
  });
});

describe('ids', () => {
  it.each([
    ['Dense', 'dense2'],
    ['Conv2D', 'conv2d_1'],
    ['Input', 'input1'],
    ['LSTM', 'lstm1'],
  ] as const)('gives a %s node the readable id %s', (type, id) => {
    expect(newId(chainDoc(), type)).toBe(id);
  });

  it('takes the lowest free number and remembers ids handed out in one edit', () => {
    const doc = { nodes: [{ id: 'dense2' }] } as unknown as Parameters<typeof newId>[0];
    const taken = new Set(['dense2']);
    expect([newId(doc, 'Dense', taken), newId(doc, 'Dense', taken), newId(doc, 'Dense', taken)]).toEqual([
      'dense1',
      'dense3',
      'dense4',
    ]);
    expect(newEdgeId(chainDoc())).toBe('e4');
  });
});

describe('node commands', () => {
  it('adds a node with a fresh id and returns it', () => {
    const { doc, result } = run(chainDoc(), 'addNode', {
      type: 'Dense',
      params: { units: 3 },
      position: { x: 5, y: 6 },
    });
    expect(result).toBe('dense2');
    expect(doc.nodes.at(-1)).toEqual({
      id: 'dense2',
      type: 'Dense',
      params: { units: 3 },
      position: { x: 5, y: 6 },
    });
  });

  it.each<[string, CommandArgs<'addNode'>]>([
    ['an unknown type', { type: 'Dense9' as 'Dense' }],
    ['a taken id', { type: 'Dense', id: 'flat' }],
    ['params that are not JSON', { type: 'Dense', params: { units: Number.NaN } }],
  ])('refuses to add a node with %s', (_what, args) => {
    expect(() => run(chainDoc(), 'addNode', args)).toThrow(CommandError);
  });

  it('deletes nodes together with every wire into or out of them', () => {
    const { doc } = run(chainDoc(), 'deleteNodes', { nodeIds: ['flat'] });
    expect(doc.nodes.map((n) => n.id)).toEqual(['in', 'dense1', 'loss']);
    expect(doc.edges.map((e) => e.id)).toEqual(['e3']);
  });

  it('ignores ids that are already deleted', () => {
    expect(run(chainDoc(), 'deleteNodes', { nodeIds: ['ghost'] }).patches).toEqual([]);
  });

  it('sets a param as given and resets it back to the default by removing it', () => {
    const set = run(chainDoc(), 'setParam', { nodeId: 'dense1', name: 'activation', value: 'relu' });
    expect(set.doc.nodes[2]?.params).toEqual({ units: 8, activation: 'relu' });
    const reset = run(set.doc, 'resetParam', { nodeId: 'dense1', name: 'units' });
    expect(reset.doc.nodes[2]?.params).toEqual({ activation: 'relu' });
  });

  it('refuses to set a param on a missing node', () => {
    expect(() => run(chainDoc(), 'setParam', { nodeId: 'ghost', name: 'units', value: 1 })).toThrow(
      'setParam: no node has the id "ghost"',
    );
  });

  it('moves nodes, giving a position to a node that had none', () => {
    const { doc } = run(chainDoc(), 'moveNodes', {
      moves: [
        { id: 'in', position: { x: -10, y: 4 } },
        { id: 'loss', position: { x: 600, y: 0 } },
      ],
    });
    expect(doc.nodes[0]?.position).toEqual({ x: -10, y: 4 });
    expect(doc.nodes[3]?.position).toEqual({ x: 600, y: 0 });
  });

  it('renames a node, and an empty label brings the id back', () => {
    const named = run(chainDoc(), 'renameNode', { nodeId: 'dense1', label: 'hidden' }).doc;
    expect(named.nodes[2]?.label).toBe('hidden');
    const cleared = run(named, 'renameNode', { nodeId: 'dense1', label: '  ' }).doc;
    expect('label' in (cleared.nodes[2] ?? {})).toBe(false);
  });
});

describe('edge commands', () => {
  it('connects two nodes and returns the new wire id', () => {
    const { doc, result } = run(chainDoc(), 'connect', { source: 'in', target: 'dense1' });
    expect(result).toBe('e4');
    expect(doc.edges.at(-1)).toEqual({ id: 'e4', source: 'in', target: 'dense1' });
  });

  it('refuses a wire to a node that does not exist', () => {
    expect(() => run(chainDoc(), 'connect', { source: 'in', target: 'ghost' })).toThrow(CommandError);
  });

  it('replaces the wire on an occupied named input in place, keeping the input order', () => {
    const { doc } = run(addDoc(), 'connect', { source: 'b', target: 'sum', targetHandle: 'in0' });
    expect(doc.edges).toEqual([
      { id: 'e3', source: 'b', target: 'sum', targetHandle: 'in0' },
      { id: 'e2', source: 'b', target: 'sum', targetHandle: 'in1' },
    ]);
  });

  it('changes nothing when the same wire is drawn twice', () => {
    const { patches, result } = run(addDoc(), 'connect', { source: 'a', target: 'sum', targetHandle: 'in0' });
    expect(patches).toEqual([]);
    expect(result).toBe('e1');
  });

  it('disconnects one wire and deletes several', () => {
    expect(run(chainDoc(), 'disconnect', { edgeId: 'e2' }).doc.edges.map((e) => e.id)).toEqual(['e1', 'e3']);
    expect(run(chainDoc(), 'deleteEdges', { edgeIds: ['e1', 'e3'] }).doc.edges.map((e) => e.id)).toEqual([
      'e2',
    ]);
  });

  it('inserts a node on a wire halfway between its ends', () => {
    const { doc, result } = run(chainDoc(), 'insertNodeOnEdge', {
      edgeId: 'e2',
      type: 'Dropout',
      params: { rate: 0.5 },
    });
    expect(result).toBe('dropout1');
    expect(doc.nodes.at(-1)).toEqual({
      id: 'dropout1',
      type: 'Dropout',
      params: { rate: 0.5 },
      position: { x: 300, y: 0 },
    });
    expect(doc.edges).toEqual([
      { id: 'e1', source: 'in', target: 'flat' },
      { id: 'e5', source: 'dropout1', target: 'dense1' },
      { id: 'e3', source: 'dense1', target: 'loss' },
      { id: 'e4', source: 'flat', target: 'dropout1' },
    ]);
  });

  it('keeps the target handle of a wire a node is inserted on', () => {
    const { doc } = run(addDoc(), 'insertNodeOnEdge', { edgeId: 'e2', type: 'Flatten' });
    expect(doc.edges.find((e) => e.target === 'sum' && e.source === 'flatten1')?.targetHandle).toBe('in1');
  });
});

describe('clipboard commands', () => {
  it('pastes with fresh ids, keeps internal wires, drops outside ones and offsets positions', () => {
    const clip: Subgraph = {
      nodes: [
        { id: 'flat', type: 'Flatten' as const, params: {}, position: { x: 200, y: 0 } },
        { id: 'dense1', type: 'Dense' as const, params: { units: 8 } },
      ],
      edges: [
        { id: 'e2', source: 'flat', target: 'dense1' },
        { id: 'e3', source: 'dense1', target: 'loss' },
      ],
    };
    const { doc, result } = run(chainDoc(), 'pasteSubgraph', { ...clip, offset: { x: 10, y: 20 } });
    expect(result).toEqual({ nodeIds: ['flatten1', 'dense2'], edgeIds: ['e4'] });
    expect(doc.nodes.slice(4)).toEqual([
      { id: 'flatten1', type: 'Flatten', params: {}, position: { x: 210, y: 20 } },
      { id: 'dense2', type: 'Dense', params: { units: 8 } },
    ]);
    expect(doc.edges.at(-1)).toEqual({ id: 'e4', source: 'flatten1', target: 'dense2' });
  });

  it('duplicates nodes with their internal wires next to the originals', () => {
    const { doc, result } = run(addDoc(), 'duplicateNodes', { nodeIds: ['a', 'sum'] });
    expect(result).toEqual({ nodeIds: ['dense1', 'add1'], edgeIds: ['e3'] });
    expect(doc.nodes.find((n) => n.id === 'add1')?.position).toEqual({ x: 340, y: 140 });
    expect(doc.edges.at(-1)).toEqual({ id: 'e3', source: 'dense1', target: 'add1', targetHandle: 'in0' });
  });

  it('refuses to duplicate a node that does not exist', () => {
    expect(() => run(addDoc(), 'duplicateNodes', { nodeIds: ['ghost'] })).toThrow(CommandError);
  });
});

describe('document commands', () => {
  it('renames the project', () => {
    expect(run(chainDoc(), 'setProjectName', { name: 'New' }).doc.name).toBe('New');
  });

  it('replaces the whole document, dropping fields the new one lacks', () => {
    const { doc } = run(chainDoc(), 'replaceDocument', { doc: addDoc() });
    expect(doc).toEqual(addDoc());
    expect('description' in doc).toBe(false);
  });
});
