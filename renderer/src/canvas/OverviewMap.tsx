import { MiniMap, useStore, type ReactFlowState } from '@xyflow/react';
import { specOf } from '../core/catalogue';
import type { LayerFlowNode } from './flowModel';

/**
 * True when some node lies (partly) outside the visible canvas. Only then is a minimap useful;
 * shown all the time it covers nodes at the default fit.
 */
export function graphOverflowsView(s: ReactFlowState): boolean {
  const [tx, ty, zoom] = s.transform;
  if (s.width === 0 || s.height === 0) return false;
  for (const n of s.nodeLookup.values()) {
    const { x, y } = n.internals.positionAbsolute;
    const w = n.measured.width ?? 0;
    const h = n.measured.height ?? 0;
    const left = x * zoom + tx;
    const top = y * zoom + ty;
    if (left < 0 || top < 0 || left + w * zoom > s.width || top + h * zoom > s.height) return true;
  }
  return false;
}

/** A small minimap in the corner, present only while part of the graph is out of view. */
export function OverviewMap() {
  const needed = useStore(graphOverflowsView);
  if (!needed) return null;
  return (
    <MiniMap
      pannable
      zoomable
      ariaLabel="Overview of the whole graph"
      style={{ width: 160, height: 100 }}
      nodeColor={(n) => `var(--cat-${specOf((n as LayerFlowNode).data.node.type).category})`}
    />
  );
}
