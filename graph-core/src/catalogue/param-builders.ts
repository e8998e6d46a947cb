import type { ParamSpec } from './types';

/**
 * Small constructors so each spec module reads as a table. They only fill `kind`; every field
 * stays visible at the call site.
 */
type Without<K extends ParamSpec['kind']> = Omit<Extract<ParamSpec, { kind: K }>, 'kind'>;

export const int = (p: Without<'int'>): ParamSpec => ({ kind: 'int', ...p });
export const float = (p: Without<'float'>): ParamSpec => ({ kind: 'float', ...p });
export const choice = (p: Without<'enum'>): ParamSpec => ({ kind: 'enum', ...p });
export const bool = (p: Without<'bool'>): ParamSpec => ({ kind: 'bool', ...p });
export const text = (p: Without<'string'>): ParamSpec => ({ kind: 'string', ...p });
export const shape = (p: Without<'shape'>): ParamSpec => ({ kind: 'shape', ...p });
export const strings = (p: Without<'strings'>): ParamSpec => ({ kind: 'strings', ...p });
export const object = (p: Without<'object'>): ParamSpec => ({ kind: 'object', ...p });
