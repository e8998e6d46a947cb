/** Names model.py defines or imports itself; a node id equal to one gets a trailing underscore. */
const TAKEN = new Set([
  ...'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
  'self',
  'torch',
  'nn',
  'F',
  'np',
  'Path',
  'Model',
  'load_model',
  'init_like_keras',
  'ACTIVATIONS',
  'hard_sigmoid',
  'avg_pool_same',
  'WEIGHTS_FILE',
]);

/**
 * A Python identifier per node id, stable and unique: invalid characters become `_`, a leading digit
 * gets `n_`, and a clash gets `_2`, `_3`… `x` is kept for the model input.
 */
export function pythonNames(ids: readonly string[], inputId: string): Map<string, string> {
  const out = new Map<string, string>([[inputId, 'x']]);
  const used = new Set<string>(['x']);
  for (const id of ids) {
    if (id === inputId) continue;
    let name = id.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(name)) name = `n_${name}`;
    if (TAKEN.has(name) || name === 'x') name = `${name}_`;
    let unique = name;
    for (let k = 2; used.has(unique); k++) unique = `${name}_${k}`;
    used.add(unique);
    out.set(id, unique);
  }
  return out;
}
