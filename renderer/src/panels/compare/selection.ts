/**
 * Which runs the Compare view shows. The Runs panel (and later the sweep results) set it; kept
 * outside React so any panel can read or change it.
 */
import { useSyncExternalStore } from 'react';

let selected: readonly string[] = [];
const listeners = new Set<() => void>();

export const compareSelection = {
  get: (): readonly string[] => selected,
  set(ids: readonly string[]): void {
    selected = [...new Set(ids)];
    for (const l of listeners) l();
  },
  toggle(id: string): void {
    compareSelection.set(selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id]);
  },
  subscribe(l: () => void): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

export function useCompareSelection(): readonly string[] {
  return useSyncExternalStore(compareSelection.subscribe, compareSelection.get);
}
