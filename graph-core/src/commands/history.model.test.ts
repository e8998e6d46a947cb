import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProject } from '../document/parse';
import { serializeProject } from '../document/serialize';
import { documentArb, jsonArb, positionArb } from '../document/testkit';
import { NODE_TYPES, type GraphDocument } from '../document/types';
import {
  beginGesture,
  canRedo,
  canUndo,
  createHistory,
  endGesture,
  execute,
  redo,
  undo,
  type History,
} from './history';
import { applyCommand, type CommandArgs, type CommandName } from './registry';

/**
 * Model-based test: the real History keeps patches; the model keeps whole snapshots, the obviously
 * right way to undo. After every step both must hold the same document.
 */
interface Model {
  past: GraphDocument[];
  current: GraphDocument;
  future: GraphDocument[];
}
interface Real {
  h: History;
}

function sameState(m: Model, r: Real): void {
  expect(r.h.doc).toStrictEqual(m.current);
  expect(canUndo(r.h)).toBe(m.past.length > 0);
  expect(canRedo(r.h)).toBe(m.future.length > 0);
  const nodeIds = new Set(r.h.doc.nodes.map((n) => n.id));
  expect(nodeIds.size).toBe(r.h.doc.nodes.length);
  expect(new Set(r.h.doc.edges.map((e) => e.id)).size).toBe(r.h.doc.edges.length);
  for (const e of r.h.doc.edges) expect(nodeIds.has(e.source) && nodeIds.has(e.target)).toBe(true);
}

/** One recorded step, as the model sees it: a whole gesture is a list of commands. */
type Step = { [N in CommandName]: { name: N; args: (doc: GraphDocument) => CommandArgs<N> } }[CommandName];

class EditCommand implements fc.Command<Model, Real> {
  constructor(
    readonly label: string,
    readonly steps: Step[],
    readonly needsNodes = false,
  ) {}
  check(m: Readonly<Model>): boolean {
    return !this.needsNodes || m.current.nodes.length > 0;
  }
  run(m: Model, r: Real): void {
    let expected = m.current;
    let h = this.steps.length > 1 ? beginGesture(r.h, this.label) : r.h;
    for (const step of this.steps) {
      const args = step.args(expected);
      expected = applyCommand(expected, step.name, args as never).doc;
      h = execute(h, step.name, args as never).history;
    }
    r.h = endGesture(h);
    if (expected !== m.current) {
      m.past.push(m.current);
      m.current = expected;
      m.future = [];
    }
    sameState(m, r);
  }
  toString(): string {
    return this.label;
  }
}

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
const nodeAt = (doc: GraphDocument, i: number) => pick(doc.nodes, i).id;

const step = <N extends CommandName>(name: N, args: (doc: GraphDocument) => CommandArgs<N>): Step =>
  ({ name, args }) as Step;

const editArb: fc.Arbitrary<fc.Command<Model, Real>> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...NODE_TYPES), positionArb)
    .map(([type, position]) => new EditCommand(`add ${type}`, [step('addNode', () => ({ type, position }))])),
  fc.tuple(fc.nat(), fc.nat(), fc.option(fc.constantFrom('in0', 'in1'), { nil: undefined })).map(
    ([s, t, targetHandle]) =>
      new EditCommand(
        `connect ${s}->${t}`,
        [
          step('connect', (d) => ({
            source: nodeAt(d, s),
            target: nodeAt(d, t),
            ...(targetHandle ? { targetHandle } : {}),
          })),
        ],
        true,
      ),
  ),
  fc
    .nat()
    .map(
      (i) =>
        new EditCommand(
          `delete node ${i}`,
          [step('deleteNodes', (d) => ({ nodeIds: [nodeAt(d, i)] }))],
          true,
        ),
    ),
  fc
    .nat()
    .map(
      (i) =>
        new EditCommand(`delete wire ${i}`, [
          step('deleteEdges', (d) => ({ edgeIds: d.edges.length ? [pick(d.edges, i).id] : [] })),
        ]),
    ),
  fc
    .tuple(fc.nat(), fc.constantFrom('units', 'rate', 'activation'), jsonArb)
    .map(
      ([i, name, value]) =>
        new EditCommand(
          `set ${name}`,
          [step('setParam', (d) => ({ nodeId: nodeAt(d, i), name, value }))],
          true,
        ),
    ),
  fc
    .tuple(fc.nat(), fc.constantFrom('units', 'rate'))
    .map(
      ([i, name]) =>
        new EditCommand(`reset ${name}`, [step('resetParam', (d) => ({ nodeId: nodeAt(d, i), name }))], true),
    ),
  fc.tuple(fc.nat(), fc.array(positionArb, { minLength: 1, maxLength: 5 })).map(
    ([i, path]) =>
      new EditCommand(
        `drag ${i} through ${path.length} points`,
        path.map((position) => step('moveNodes', (d) => ({ moves: [{ id: nodeAt(d, i), position }] }))),
        true,
      ),
  ),
  fc
    .nat()
    .map(
      (i) =>
        new EditCommand(
          `duplicate ${i}`,
          [step('duplicateNodes', (d) => ({ nodeIds: [nodeAt(d, i)] }))],
          true,
        ),
    ),
  fc
    .tuple(fc.nat(), fc.string({ maxLength: 6 }))
    .map(
      ([i, label]) =>
        new EditCommand(`rename ${i}`, [step('renameNode', (d) => ({ nodeId: nodeAt(d, i), label }))], true),
    ),
);

class UndoCommand implements fc.Command<Model, Real> {
  check = () => true;
  run(m: Model, r: Real): void {
    r.h = undo(r.h);
    const previous = m.past.pop();
    if (previous) {
      m.future.push(m.current);
      m.current = previous;
    }
    sameState(m, r);
  }
  toString = () => 'undo';
}

class RedoCommand implements fc.Command<Model, Real> {
  check = () => true;
  run(m: Model, r: Real): void {
    r.h = redo(r.h);
    const next = m.future.pop();
    if (next) {
      m.past.push(m.current);
      m.current = next;
    }
    sameState(m, r);
  }
  toString = () => 'redo';
}

/** Save and load: the loaded copy must equal the document, and history must go on working on it. */
class SaveLoadCommand implements fc.Command<Model, Real> {
  check = () => true;
  run(m: Model, r: Real): void {
    const loaded = parseProject(serializeProject(r.h.doc));
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.doc).toStrictEqual(r.h.doc);
    r.h = { ...r.h, doc: loaded.doc };
    sameState(m, r);
  }
  toString = () => 'save+load';
}

const commandsArb = fc.commands(
  [
    editArb,
    editArb,
    editArb,
    fc.constant(new UndoCommand()),
    fc.constant(new RedoCommand()),
    fc.constant(new SaveLoadCommand()),
  ],
  { maxCommands: 40 },
);

describe('History, model-based', () => {
  it('matches a snapshot undo model over random edit, undo, redo, save and load sequences', () => {
    fc.assert(
      fc.property(documentArb, commandsArb, (start, commands) => {
        const real: Real = { h: createHistory(start) };
        fc.modelRun(() => ({ model: { past: [], current: start, future: [] }, real }), commands);
        let h = real.h;
        while (canUndo(h)) h = undo(h);
        expect(h.doc).toStrictEqual(start);
      }),
      { numRuns: 200 },
    );
  });
});
