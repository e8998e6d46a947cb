export interface CostPoint {
  id: string;
  /** The quality: higher is better (accuracy); pass a loss negated or use `better: 'min'`. */
  value: number;
  /** The cost: lower is better (params, FLOPs, seconds, latency). */
  cost: number;
}

/**
 * The ids on the Pareto front: points no other point beats on both, that is, none has a cost as low
 * or lower and a value as good or better with at least one strictly. Non-finite points are left out.
 */
export function paretoFront(points: readonly CostPoint[], better: 'max' | 'min' = 'max'): Set<string> {
  const ok = points.filter((p) => Number.isFinite(p.value) && Number.isFinite(p.cost));
  const good = (p: CostPoint) => (better === 'max' ? p.value : -p.value);
  const front = new Set<string>();
  for (const p of ok) {
    const dominated = ok.some(
      (q) => q !== p && q.cost <= p.cost && good(q) >= good(p) && (q.cost < p.cost || good(q) > good(p)),
    );
    if (!dominated) front.add(p.id);
  }
  return front;
}
