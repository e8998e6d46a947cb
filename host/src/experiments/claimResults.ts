import { formatValue, type Assignment } from '../../../graph-core/src/experiments';

/** A variant's name without its seed: the swept values (labels where the sweep gives them). */
export const variantGroup = (assignments: readonly Pick<Assignment, 'value' | 'text'>[]): string =>
  assignments.map((a) => a.text ?? formatValue(a.value)).join(', ');
