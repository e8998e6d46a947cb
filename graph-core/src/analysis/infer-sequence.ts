import { joinAnd, showShape } from './names';
import { rankError } from './infer-conv';
import type { Inferred, LayerInput } from './infer-common';
import { dimsOf, fail, normAxis, ok } from './infer-common';

/** Gates per recurrent kind; tfjs GRU has no reset_after, so its biases are 3·units like Keras 1. */
const GATES = { SimpleRNN: 1, GRU: 3, LSTM: 4 } as const;

export function inferRecurrent(li: LayerInput, kind: keyof typeof GATES): Inferred {
  const bad = rankError(li, 2, 'a sequence [timesteps, features]');
  if (bad) return bad;
  const [steps, features] = dimsOf(li.inputs[0] ?? [null]) as [number, number];
  const units = li.params.units as number;
  const perGate = units * (features + units) + (li.params.useBias ? units : 0);
  return ok(li.params.returnSequences ? [steps, units] : [units], GATES[kind] * perGate);
}

const shapesList = (inputs: LayerInput['inputs']) => joinAnd(inputs.map((s) => showShape(s)));

export function inferElementwise(li: LayerInput): Inferred {
  const first = dimsOf(li.inputs[0] ?? [null]);
  const same = li.inputs.every((s) => {
    const d = dimsOf(s);
    return d.length === first.length && d.every((x, i) => x === first[i]);
  });
  if (!same) return fail(`${li.name} gets ${shapesList(li.inputs)}: inputs must have the same shape`);
  return ok(first);
}

export function inferConcatenate(li: LayerInput): Inferred {
  const first = dimsOf(li.inputs[0] ?? [null]);
  const axisParam = li.params.axis as number;
  const axis = normAxis(axisParam, first.length + 1);
  if (axis === null)
    return fail(`${li.name}: axis ${axisParam} does not exist for inputs ${showShape(first)}`, 'axis');
  const ax = axis - 1;
  let joined = 0;
  for (const s of li.inputs) {
    const d = dimsOf(s);
    const fits = d.length === first.length && d.every((x, i) => i === ax || x === first[i]);
    if (!fits) {
      return fail(`${li.name} gets ${shapesList(li.inputs)}: all sizes but axis ${axisParam} must match`);
    }
    joined += d[ax] as number;
  }
  return ok(first.map((x, i) => (i === ax ? joined : x)));
}
