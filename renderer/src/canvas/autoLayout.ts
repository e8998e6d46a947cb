/**
 * Left-to-right layered layout with elkjs; returns new positions for a `moveNodes` command.
 * elk computes in a worker of its own: on the page's thread its bundled build blocked input for
 * 75–180 ms each time a long project was opened (seen as a timer task in the training journeys).
 */
import type { ELK as ELKApi } from 'elkjs/lib/elk-api';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { GraphDocument, Position } from '../../../graph-core/src/document';
import type { Dimensions } from '../store/editorStore';

// elk's worker script is 1.6 MB: fetched and started on first use so it does not delay opening the app.
// A worker that fails to start rejects the layout instead of leaving it pending for ever.
let elk: Promise<{ api: ELKApi; failed: Promise<never> }> | null = null;
const getElk = () =>
  (elk ??= import('elkjs/lib/elk-api.js').then(({ default: ELK }) => {
    let fail: (e: Error) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    const api = new ELK({
      workerFactory: (url) => {
        const worker = new Worker(url!);
        worker.addEventListener('error', (e) => {
          elk = null;
          fail(new Error(`The layout worker failed to start: ${e.message || 'no reason given'}`));
        });
        return worker;
      },
      workerUrl: elkWorkerUrl,
    });
    return { api, failed };
  }));
/** A layout this slow is given up (the graph stays as it was) rather than keep the canvas waiting. */
const LAYOUT_LIMIT_MS = 10_000;
const FALLBACK: Dimensions = { width: 180, height: 80 };

export async function autoLayout(
  doc: GraphDocument,
  sizes: ReadonlyMap<string, Dimensions>,
  aspectRatio = 1.6,
): Promise<Record<string, Position>> {
  const ids = new Set(doc.nodes.map((n) => n.id));
  const { api, failed } = await getElk();
  const layout = api.layout({
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
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tooLong = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`The layout took over ${LAYOUT_LIMIT_MS / 1000} s`)),
      LAYOUT_LIMIT_MS,
    );
  });
  const result = await Promise.race([layout, failed, tooLong]).finally(() => clearTimeout(timer));
  const out: Record<string, Position> = {};
  for (const c of result.children ?? []) out[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  return out;
}
