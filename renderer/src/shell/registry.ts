/**
 * Extension points for panels built by other parts of the app (training, runs, data, sweeps).
 * A module registers once at import time; the shell re-renders when the set changes.
 */
import { useSyncExternalStore, type ReactNode } from 'react';
import type { GraphNode } from '../../../graph-core/src/document';
import type { ParamSpec } from '../../../graph-core/src/catalogue';

export interface DockTab {
  id: string;
  title: string;
  /** Lower comes first; Problems is 0. */
  order: number;
  render(): ReactNode;
  /** A short count shown beside the title (e.g. errors, running runs); null hides it. */
  badge?(): string | number | null;
}

export interface InspectorSection {
  id: string;
  order: number;
  /** Rendered under the params of the selected node; return null when it does not apply. */
  render(node: GraphNode): ReactNode;
}

/** Drawn beside one param control (e.g. the sweep toggle). */
export interface ParamAdornment {
  id: string;
  render(node: GraphNode, param: ParamSpec, path: readonly string[]): ReactNode;
}

/** Items in the top bar's right-hand area (e.g. Train / Stop). */
export interface TopBarItem {
  id: string;
  order: number;
  render(): ReactNode;
}

/** Drawn inside every canvas node (e.g. live training badges); renders nothing when it does not apply. */
export interface NodeDecoration {
  id: string;
  render(nodeId: string): ReactNode;
}

export interface StatusItem {
  id: string;
  order: number;
  render(): ReactNode;
}

function registry<T extends { id: string }>(sort: (a: T, b: T) => number) {
  let items: readonly T[] = [];
  const listeners = new Set<() => void>();
  const subscribe = (l: () => void) => {
    listeners.add(l);
    return () => listeners.delete(l);
  };
  return {
    register(item: T): () => void {
      items = [...items.filter((i) => i.id !== item.id), item].sort(sort);
      for (const l of listeners) l();
      return () => {
        items = items.filter((i) => i !== item);
        for (const l of listeners) l();
      };
    },
    list: () => items,
    use: () => useSyncExternalStore(subscribe, () => items),
  };
}

const byOrder = (a: { order: number }, b: { order: number }) => a.order - b.order;

export const dockTabs = registry<DockTab>(byOrder);
export const inspectorSections = registry<InspectorSection>(byOrder);
export const paramAdornments = registry<ParamAdornment>(() => 0);
export const topBarItems = registry<TopBarItem>(byOrder);
export const statusItems = registry<StatusItem>(byOrder);
export const nodeDecorations = registry<NodeDecoration>(() => 0);

/** Lets other panels open a dock tab (e.g. Training when a run starts). */
type DockListener = (tabId: string) => void;
const dockOpeners = new Set<DockListener>();
export function openDockTab(tabId: string): void {
  for (const l of dockOpeners) l(tabId);
}
export function onOpenDockTab(listener: DockListener): () => void {
  dockOpeners.add(listener);
  return () => dockOpeners.delete(listener);
}
