/** Deepest nesting of objects and lists a project file may have (params hold small JSON values). */
export const MAX_JSON_DEPTH = 64;

/**
 * The first place (as a JSON path) where `value` nests deeper than `limit`, or null. Iterative, so
 * a file nested 100,000 levels deep is measured without using the call stack that the schema
 * check (recursive) would overflow.
 */
export function tooDeep(value: unknown, limit = MAX_JSON_DEPTH): (string | number)[] | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: here, path } = stack.pop()!;
    if (typeof here !== 'object' || here === null) continue;
    if (path.length >= limit) return path;
    if (Array.isArray(here)) here.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
    else for (const [k, v] of Object.entries(here)) stack.push({ value: v, path: [...path, k] });
  }
  return null;
}
