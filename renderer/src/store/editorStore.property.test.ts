import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NODE_TYPES } from '../../../graph-core/src/document';
import { parseProject, serializeProject } from '../core/document';
import { createActions } from './actions';
import { mlpDocument, storeFor } from './testing';

type Op =
  | { op: 'add'; type: (typeof NODE_TYPES)[number]; x: number; y: number }
  | { op: 'connect'; a: number; b: number }
  | { op: 'delete'; a: number }
  | { op: 'setParam'; a: number; value: number }
  | { op: 'move'; a: number; x: number; y: number }
  | { op: 'duplicate'; a: number }
  | { op: 'undo' }
  | { op: 'redo' }
  | { op: 'saveLoad' };

const coord = fc.integer({ min: -2000, max: 2000 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), type: fc.constantFrom(...NODE_TYPES), x: coord, y: coord }),
  fc.record({ op: fc.constant('connect' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constant('delete' as const), a: fc.nat() }),
  fc.record({ op: fc.constant('setParam' as const), a: fc.nat(), value: fc.integer({ min: 1, max: 512 }) }),
  fc.record({ op: fc.constant('move' as const), a: fc.nat(), x: coord, y: coord }),
  fc.record({ op: fc.constant('duplicate' as const), a: fc.nat() }),
  fc.constant({ op: 'undo' as const }),
  fc.constant({ op: 'redo' as const }),
  fc.constant({ op: 'saveLoad' as const }),
);

describe('editor store (model-based)', () => {
  it('tracks a model of past and future documents through random edits, undo, redo and save/load', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const store = storeFor(mlpDocument());
        const actions = createActions(store);
        const start = serializeProject(store.getState().doc);
        // The model: the saved text of every document the history can reach.
        let past: string[] = [];
        let future: string[] = [];
        let current = start;
        const nodeAt = (i: number) => {
          const nodes = store.getState().doc.nodes;
          return nodes.length ? nodes[i % nodes.length] : undefined;
        };
        for (const o of ops) {
          const before = serializeProject(store.getState().doc);
          switch (o.op) {
            case 'add':
              actions.addNode(o.type, { x: o.x, y: o.y });
              break;
            case 'connect': {
              const a = nodeAt(o.a);
              const b = nodeAt(o.b);
              if (a && b) actions.connect(a.id, b.id);
              break;
            }
            case 'delete': {
              const a = nodeAt(o.a);
              if (a) store.run('deleteNodes', { nodeIds: [a.id] });
              break;
            }
            case 'setParam': {
              const a = nodeAt(o.a);
              if (a) store.run('setParam', { nodeId: a.id, name: 'units', value: o.value });
              break;
            }
            case 'move': {
              const a = nodeAt(o.a);
              if (a) store.run('moveNodes', { moves: [{ id: a.id, position: { x: o.x, y: o.y } }] });
              break;
            }
            case 'duplicate': {
              const a = nodeAt(o.a);
              if (a) {
                store.select([a.id]);
                actions.duplicate();
              }
              break;
            }
            case 'undo':
              store.undo();
              if (past.length) {
                future.push(current);
                current = past.pop() as string;
              }
              break;
            case 'redo':
              store.redo();
              if (future.length) {
                past.push(current);
                current = future.pop() as string;
              }
              break;
            case 'saveLoad': {
              const parsed = parseProject(serializeProject(store.getState().doc));
              expect(parsed.ok).toBe(true);
              if (parsed.ok) {
                // load(save(s)) = s
                expect(parsed.doc).toEqual(store.getState().doc);
                store.load(parsed.doc, 'p');
              }
              past = [];
              future = [];
              break;
            }
          }
          const after = serializeProject(store.getState().doc);
          if (o.op !== 'undo' && o.op !== 'redo' && o.op !== 'saveLoad' && after !== before) {
            past.push(current);
            future = [];
            current = after;
          }
          expect(after).toBe(current);
          expect(store.getState().canUndo).toBe(past.length > 0);
          expect(store.getState().canRedo).toBe(future.length > 0);
        }
        // Undoing everything returns the document the history started from.
        const base = past[0] ?? current;
        while (store.getState().canUndo) store.undo();
        expect(serializeProject(store.getState().doc)).toBe(base);
        if (!ops.some((o) => o.op === 'saveLoad')) expect(base).toBe(start);
      }),
      { numRuns: 150 },
    );
  });
});
