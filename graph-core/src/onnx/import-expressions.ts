import type { ActivationId } from '../catalogue/identifiers';
import { activation } from './import-elementwise';
import type { ImportState } from './import-state';
import type { OnnxNode } from './proto';

/**
 * Activations that ONNX (opset 13) has no single op for, written as a few element-wise ops on one
 * value x and scalar constants: swish (Sigmoid, Mul), mish (Softplus, Tanh, Mul), gelu (Div, Erf,
 * Add, Mul, Mul) and gelu_new (the tanh approximation). Layerloom's export and torch.onnx.export
 * order the ops differently, so a region of such ops is recognised by what it computes: it is
 * evaluated on x from −6 to 6 and compared with each activation's formula (1e-5).
 */

const OPS = new Set(['Sigmoid', 'Tanh', 'Softplus', 'Erf', 'Mul', 'Add', 'Sub', 'Div', 'Sqrt', 'Pow']);

/** erf to ~1e-12 (series near 0, continued fraction beyond); both sides of the comparison use it. */
function erf(x: number): number {
  const t = Math.abs(x);
  if (t < 2.5) {
    let sum = 0;
    let term = t;
    for (let n = 0; n < 80; n++) {
      sum += term / (2 * n + 1);
      term *= (-t * t) / (n + 1);
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  let f = 0;
  for (let n = 60; n >= 1; n--) f = n / 2 / (t + f);
  const erfc = Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + f);
  return Math.sign(x) * (1 - erfc);
}

const softplus = (v: number) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

const FORMULAS: [ActivationId, (v: number) => number][] = [
  ['swish', (v) => v * sigmoid(v)],
  ['mish', (v) => v * Math.tanh(softplus(v))],
  ['gelu', (v) => 0.5 * v * (1 + erf(v / Math.SQRT2))],
  ['gelu_new', (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))],
];

const SAMPLES = Array.from({ length: 49 }, (_, i) => -6 + i * 0.25 + 0.013);

function apply(type: string, a: number, b: number): number {
  switch (type) {
    case 'Sigmoid':
      return sigmoid(a);
    case 'Tanh':
      return Math.tanh(a);
    case 'Softplus':
      return softplus(a);
    case 'Erf':
      return erf(a);
    case 'Sqrt':
      return Math.sqrt(a);
    case 'Mul':
      return a * b;
    case 'Add':
      return a + b;
    case 'Sub':
      return a - b;
    case 'Div':
      return a / b;
    default:
      return a ** b;
  }
}

/**
 * When `op` starts such a region over its one layer-output input, replaces the region by one
 * activation (folded into the layer before where activation() folds) and returns true.
 */
export function expression(s: ImportState, op: OnnxNode): boolean {
  if (!OPS.has(op.opType)) return false;
  const scalar = (name: string) => {
    const slot = s.slots.get(name);
    return slot && 'constant' in slot && slot.constant.data.length === 1 && !slot.constant.batch
      ? slot.constant.data[0]!
      : null;
  };
  const layerInputs = [...new Set(op.input.filter((n) => scalar(n) === null))];
  if (layerInputs.length !== 1) return false;
  const x = layerInputs[0]!;
  const slot = s.slots.get(x);
  if (!slot || !('val' in slot) || slot.val.unknown) return false;

  // The region: ops reading only x, scalars and the region's own outputs, in a reading order.
  const region: OnnxNode[] = [op];
  const made = new Set([op.output[0]!]);
  for (let grew = true; grew && region.length < 24;) {
    grew = false;
    for (const v of [x, ...made])
      for (const c of s.consumers.get(v) ?? []) {
        const fits = c.input.every((n) => n === x || made.has(n) || scalar(n) !== null);
        if (!region.includes(c) && OPS.has(c.opType) && fits && c.output.length === 1 && !s.absorbed.has(c)) {
          region.push(c);
          made.add(c.output[0]!);
          grew = true;
        }
      }
  }
  if (region.length < 2) return false;

  // Largest first: a region ending at `end` whose inner values are read only inside it.
  for (let k = region.length - 1; k >= 1; k--) {
    const end = region[k]!;
    const part = new Set<OnnxNode>([end]);
    const stack = [end];
    while (stack.length > 0) {
      const o = stack.pop()!;
      for (const n of o.input) {
        const p = region.find((r) => r.output[0] === n);
        if (p && !part.has(p)) {
          part.add(p);
          stack.push(p);
        }
      }
    }
    if (!part.has(op)) continue;
    const sealed = [...part].every(
      (o) => o === end || (s.consumers.get(o.output[0]!) ?? []).every((c) => part.has(c)),
    );
    // In Layerloom's own files one activation is one layer's ops (`<id>`, `<id>/<Op>`): a Multiply
    // node of a Sigmoid node and its input stays two nodes.
    const layer = (o: OnnxNode) => o.name.split('/')[0];
    if (!sealed || (s.fromLayerloom && [...part].some((o) => layer(o) !== layer(op)))) continue;
    const ordered = region.filter((o) => part.has(o));
    const found = FORMULAS.find(([, f]) =>
      SAMPLES.every((v) => {
        const value = new Map<string, number>([[x, v]]);
        const read = (n: string) => value.get(n) ?? scalar(n)!;
        for (const o of ordered)
          value.set(o.output[0]!, apply(o.opType, read(o.input[0]!), read(o.input[1] ?? '')));
        const got = value.get(end.output[0]!)!;
        const want = f(v);
        return Math.abs(got - want) <= 1e-5 * Math.max(1, Math.abs(want));
      }),
    );
    if (!found) continue;
    for (const o of ordered) if (o !== op) s.absorbed.add(o);
    const readers = (s.consumers.get(x) ?? []).filter((c) => !part.has(c));
    activation(s, op, found[0], { input: x, output: end.output[0]!, soleReader: readers.length === 0 });
    return true;
  }
  return false;
}
