/**
 * A small seeded generator (mulberry32) so random search picks the same variants for the same seed
 * on every machine; Math.random would make a sweep impossible to reproduce or resume.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n). */
export function randomInt(next: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(next() * n));
}

/** `k` distinct integers from [0, n), in the order drawn. */
export function sampleDistinct(next: () => number, n: number, k: number): number[] {
  const take = Math.min(k, n);
  if (n <= 100_000) {
    const pool = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < take; i++) {
      const j = i + randomInt(next, n - i);
      [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
    }
    return pool.slice(0, take);
  }
  // A huge grid: rejection sampling, since take << n collisions are rare.
  const seen = new Set<number>();
  const out: number[] = [];
  while (out.length < take) {
    const i = randomInt(next, n);
    if (!seen.has(i)) out.push(i);
    seen.add(i);
  }
  return out;
}
