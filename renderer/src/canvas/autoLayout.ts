/** Left-to-right layered layout with elkjs; returns new positions for a `moveNodes` command. */
import type { ELK as ELKApi } from 'elkjs/lib/elk-api';
import type { GraphDocument, Position } from '../../../graph-core/src/document';
import type { Dimensions } from '../store/editorStore';

// elkjs is 1.6 MB: loaded on first use so it does not delay opening the app.
let elk: Promise<ELKApi> | null = null;
const getElk = () => (elk ??= import('elkjs/lib/elk.bundled.js').then(({ default: ELK }) => new ELK()));
const FALLBACK: Dimensions = { width: 180, height: 80 };

export async function autoLayout(
  doc: GraphDocument,
  sizes: ReadonlyMap<string, Dimensions>,
  aspectRatio = 1.6,
): Promise<Record<string, Position>> {
  const ids = new Set(doc.nodes.map((n) => n.id));
  const result = await (
    await getElk()
  ).layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '60',
      'elk.spacing.nodeNode': '36',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      // Long chains (an MLP is one) wrap into rows instead of one strip too wide to read when fitted.
      'elk.layered.wrapping.strategy': 'MULTI_EDGE',
      'elk.aspectRatio': String(aspectRatio),
    },
    children: doc.nodes.map((n) => ({ id: n.id, ...(sizes.get(n.id) ?? FALLBACK) })),
    edges: doc.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  const out: Record<string, Position> = {};
  for (const c of result.children ?? []) out[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  return out;
}
