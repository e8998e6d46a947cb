/**
 * Frames a project that was just opened so its nodes are readable. When the whole graph fits only
 * below a readable zoom (a long chain stored in one row), it is laid out again to the canvas'
 * shape first: rows that each run left to right, the way the ports face.
 */
import type { useReactFlow } from '@xyflow/react';
import type { EditorStore } from '../store/editorStore';
import { autoLayout } from './autoLayout';

/** Below this zoom node text is unreadable. */
export const MIN_READABLE_ZOOM = 0.75;

/**
 * Room around a framed graph: 12% of the canvas (React Flow's fraction) on three sides, and on the
 * left enough to clear the zoom controls in the canvas' bottom-left corner, which otherwise covered
 * the first node of a bottom row (the Optimizer of the MNIST LSTM sample at 1280×720).
 */
export const FIT_PADDING = { top: 0.12, right: 0.12, bottom: 0.12, left: '80px' } as const;
/** Where the start of a graph too large to frame is shown, from the canvas' left edge. */
const START_LEFT_PX = 80;

type Flow = ReturnType<typeof useReactFlow>;

export async function fitReadable(flow: Flow): Promise<boolean> {
  await flow.fitView({ padding: FIT_PADDING, maxZoom: 1 });
  return flow.getZoom() >= MIN_READABLE_ZOOM - 1e-6;
}

/**
 * Returns true when it re-laid the graph out (the store then loads again and this runs once more).
 * `arranging` is told when a layout starts (the caller ends it once the laid-out graph is framed):
 * the canvas takes no clicks meanwhile, so a node is not moved from under a click meant for it.
 */
export async function openFitted(
  flow: Flow,
  store: EditorStore,
  canvas: Element | null,
  relayout: boolean,
  arranging: () => void = () => undefined,
): Promise<boolean> {
  if (await fitReadable(flow)) return false;
  const box = canvas?.getBoundingClientRect();
  if (!relayout || !box || box.height <= 0) {
    await showStart(flow, box);
    return false;
  }
  const state = store.getState();
  arranging();
  const positions = await autoLayout(state.doc, state.measured, box.width / box.height);
  // The layout is async: if another project was opened (or the graph edited) meanwhile, loading
  // this one would replace the user's document with the old one.
  if (store.getState().doc !== state.doc) return false;
  const doc = {
    ...state.doc,
    nodes: state.doc.nodes.map((n) => (positions[n.id] ? { ...n, position: positions[n.id] } : n)),
  };
  // Positions only: a clean project stays clean (the next save keeps the new layout), and a node the
  // user clicked while the layout was computing stays selected (with what they typed in the inspector).
  store.load(doc, state.projectId, { dirty: state.dirty, keepSelection: true });
  return true;
}

/** Still too big when laid out: show its start at a readable zoom rather than all of it too small. */
async function showStart(flow: Flow, box: DOMRect | undefined): Promise<void> {
  if (!box) return;
  const bounds = flow.getNodesBounds(flow.getNodes());
  const zoom = MIN_READABLE_ZOOM;
  await flow.setViewport({
    x: START_LEFT_PX - bounds.x * zoom,
    y: box.height / 2 - (bounds.y + Math.min(bounds.height, box.height / zoom) / 2) * zoom,
    zoom,
  });
}
