import fc from 'fast-check';
import { CATALOGUE, type ParamSpec } from '../catalogue/index';
import type { GraphDocument, JsonValue, NodeType } from '../document/types';
import { NODE_TYPES } from '../document/types';
import { graph, type NodeSpec } from '../analysis/test-graphs';

/**
 * Test-only arbitraries over the whole layer catalogue: random tiny graphs whose params are drawn
 * from each kind's own ParamSpec, partly outside their ranges and in every accepted form (a single
 * number for a per-axis shape, pairs for per-side amounts), so validation sees both kinds of input.
 */

/** Every kind that can sit between the Input and the Loss, except Embedding (its input must be ids). */
export const BODY_KINDS: readonly NodeType[] = NODE_TYPES.filter((t) => {
  const spec = CATALOGUE[t];
  if (spec.paletteHidden || t === 'Input' || t === 'Embedding' || t === 'Unsupported') return false;
  return (spec.category === 'Layers' || spec.category === 'Activations') && spec.inputs.max === 1;
});

export const MERGE_KINDS: readonly NodeType[] = NODE_TYPES.filter(
  (t) => CATALOGUE[t].category === 'Layers' && !CATALOGUE[t].paletteHidden && CATALOGUE[t].inputs.max > 1,
);

const small = (lo: number, hi: number) => fc.integer({ min: lo, max: Math.max(lo, hi) });

function paramValue(spec: ParamSpec): fc.Arbitrary<JsonValue> | null {
  switch (spec.kind) {
    case 'int': {
      const lo = (spec.min ?? 0) - 1;
      // Keep sizes tiny: units, filters and repeats stay under 7 so one step is quick.
      const hi = Math.min(spec.max ?? lo + 6, lo + 7);
      return spec.oneOf ? fc.constantFrom(...spec.oneOf) : small(lo, hi);
    }
    case 'float': {
      const lo = (spec.min ?? 0) - 0.25;
      const hi = Math.min(spec.max ?? lo + 1.5, lo + 1.5) + 0.25;
      return fc.double({ min: lo, max: hi, noNaN: true });
    }
    case 'enum':
      return fc.constantFrom(...spec.options);
    case 'bool':
      return fc.boolean();
    case 'shape': {
      const min = spec.min ?? 1;
      const entry = spec.allowInfer ? fc.oneof(small(min - 1, 4), fc.constant(-1)) : small(min - 1, 4);
      if (spec.length === undefined)
        return fc.oneof(
          fc.array(entry, { minLength: 1, maxLength: 3 }),
          // An order of the axes counted from 1 (Permute.dims), or a reshape that may fit.
          fc
            .integer({ min: 1, max: 3 })
            .chain((n) => fc.shuffledSubarray([1, 2, 3].slice(0, n), { minLength: n, maxLength: n })),
        );
      const n = spec.length;
      const forms: fc.Arbitrary<JsonValue>[] = [
        small(min - 1, 3),
        fc.array(small(min - 1, 3), { minLength: n, maxLength: n }),
        fc.array(small(min - 1, 3), { minLength: Math.max(1, n - 1), maxLength: n + 1 }),
      ];
      if (spec.perSide) {
        forms.push(fc.array(fc.tuple(small(min, 2), small(min, 2)), { minLength: n, maxLength: n }));
        forms.push(fc.array(small(min, 2), { minLength: 2 * n, maxLength: 2 * n }));
      }
      return fc.oneof(...forms);
    }
    default:
      return null; // strings, text and objects: the default is the only meaningful value here
  }
}

/** Params for one node of `type`: each param left out (its default) or drawn from its spec. */
export function paramsFor(type: NodeType): fc.Arbitrary<Record<string, JsonValue>> {
  const entries: [string, fc.Arbitrary<JsonValue | undefined>][] = [];
  for (const spec of CATALOGUE[type].params) {
    const drawn = paramValue(spec);
    if (!drawn) continue;
    // Sizes with large defaults (units, filters: 32) are always drawn, small, so one step stays
    // quick (tfjs's orthogonal initialiser alone takes seconds at 32 LSTM units); a required
    // param with no default is drawn more often, so such kinds also get past validation.
    const big = spec.kind === 'int' && typeof spec.default === 'number' && spec.default > 8;
    entries.push([
      spec.name,
      big ? drawn : fc.option(drawn, { freq: spec.default === null ? 4 : 1, nil: undefined }),
    ]);
  }
  return fc.record(Object.fromEntries(entries)).map((r) => {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(r)) if (v !== undefined) out[k] = v as JsonValue;
    return out;
  });
}

const nodeOf = (kinds: readonly NodeType[]): fc.Arbitrary<NodeSpec> =>
  fc.constantFrom(...kinds).chain((type) => paramsFor(type).map((p): NodeSpec => [type, p]));

/** Kinds that take any rank, and those made for sequences [steps, f] or images [h, w, c]. */
const ANY_RANK: readonly NodeType[] = BODY_KINDS.filter((t) => {
  const spec = CATALOGUE[t];
  return spec.category === 'Activations' || ['Core', 'Normalization'].includes(spec.group ?? '');
});
const FOR_RANK: Record<number, readonly NodeType[]> = {
  1: [...ANY_RANK, 'RepeatVector'],
  2: [
    ...ANY_RANK,
    'Conv1D',
    'SimpleRNN',
    'LSTM',
    'GRU',
    'Bidirectional',
    'GlobalMaxPooling1D',
    'Permute',
    'Flatten',
  ],
  3: [...ANY_RANK, ...BODY_KINDS.filter((t) => /2D/.test(t)), 'Permute', 'Flatten'],
};

/** A layer for a body that starts at `rank`: mostly one made for that rank, sometimes any kind. */
export const bodyNode = (rank: number): fc.Arbitrary<NodeSpec> =>
  fc.oneof(
    { weight: 4, arbitrary: nodeOf(FOR_RANK[rank] ?? BODY_KINDS) },
    { weight: 1, arbitrary: nodeOf(BODY_KINDS) },
  );

/** One step of the body: a single layer, or a merge of the current tensor with a branch off it. */
export type Step =
  { kind: 'layer'; node: NodeSpec } | { kind: 'merge'; merge: NodeSpec; branch: NodeSpec[]; extra: boolean };

export const step = (rank: number): fc.Arbitrary<Step> =>
  fc.oneof(
    { weight: 3, arbitrary: bodyNode(rank).map((node): Step => ({ kind: 'layer', node })) },
    {
      weight: 1,
      arbitrary: fc
        .record({
          merge: nodeOf(MERGE_KINDS),
          branch: fc.array(bodyNode(rank), { minLength: 0, maxLength: 2 }),
          extra: fc.boolean(),
        })
        .map((m): Step => ({ kind: 'merge', ...m })),
    },
  );

/** The shape the body starts from (made by Dense + Reshape from iris): a vector, a sequence or an image. */
/** The shape the body starts from (made by Dense + Reshape from iris): a vector, a sequence or an image. */
export const startShape: fc.Arbitrary<number[]> = fc.oneof(
  fc.tuple(small(1, 6)).map((s) => [...s]),
  fc.tuple(small(1, 5), small(1, 3)).map((s) => [...s]),
  fc.tuple(small(1, 6), small(1, 6), small(1, 3)).map((s) => [...s]),
);

/** A start shape and 1–`maxSteps` steps suited to it. */
export const catalogueBody = (maxSteps: number) =>
  startShape.chain((start) =>
    fc.tuple(fc.constant(start), fc.array(step(start.length), { minLength: 1, maxLength: maxSteps })),
  );

/**
 * Dataset(iris) → Input → Dense + Reshape to `start` → `steps` → [Flatten when `flatten`] →
 * Dense(3, softmax) → Loss → Optimizer. Merge inputs are wired in port order (`in0`, `in1`, …).
 */
export function catalogueGraph(start: number[], steps: Step[], flatten: boolean): GraphDocument {
  const nodes: Record<string, NodeSpec> = {
    data: ['Dataset', { source: 'iris' }],
    in: ['Input'],
    grow: ['Dense', { units: start.reduce((a, b) => a * b, 1) }],
  };
  const wires = ['data>in', 'in>grow'];
  let prev = 'grow';
  if (start.length > 1) {
    nodes.shape = ['Reshape', { targetShape: start }];
    wires.push('grow>shape');
    prev = 'shape';
  }
  const chain = (id: string, spec: NodeSpec, from: string, port?: string) => {
    nodes[id] = spec;
    wires.push(port ? `${from}>${id}:${port}` : `${from}>${id}`);
    return id;
  };
  steps.forEach((s, i) => {
    if (s.kind === 'layer') {
      prev = chain(`s${i}`, s.node, prev);
      return;
    }
    let branch = prev;
    s.branch.forEach((b, j) => (branch = chain(`s${i}b${j}`, b, branch)));
    const merged = `s${i}`;
    nodes[merged] = s.merge;
    wires.push(`${prev}>${merged}:in0`, `${branch}>${merged}:in1`);
    if (s.extra) wires.push(`${prev}>${merged}:in2`);
    prev = merged;
  });
  if (flatten) prev = chain('flat', ['Flatten'], prev);
  chain('out', ['Dense', { units: 3, activation: 'softmax' }], prev);
  nodes.loss = ['Loss', { loss: 'categoricalCrossentropy' }];
  nodes.opt = ['Optimizer', { batchSize: 2 }];
  wires.push('out>loss', 'loss>opt');
  return graph(nodes, wires);
}
