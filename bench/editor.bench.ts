/**
 * Editor speed in Chromium against the real app: time for a 500-node project to open and become
 * interactive, and graph-core analysis time per edit (the budget is one 16 ms frame).
 */
// Functions handed to page.evaluate declare no named helpers: tsx's keepNames would wrap them in
// a __name() call that does not exist in the page.
// Brings in the type of window.__layerloomEditor (the page's editor handle).
import type {} from '../renderer/src/shell/debugHandle';
import { chromium } from '@playwright/test';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../host/src/server/server';
import { serializeProject } from '../graph-core/src/document';
import type { GraphDocument, GraphEdge, GraphNode } from '../graph-core/src/document/types';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium';
import { ensureRendererBuilt, RENDERER_DIST } from '../e2e/fixtures/build';

/** A deep MLP on MNIST with exactly `count` nodes, laid out in rows. */
export function generateProject(count: number): GraphDocument {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const add = (node: Omit<GraphNode, 'position'>) => {
    const i = nodes.length;
    nodes.push({ ...node, position: { x: (i % 25) * 220, y: Math.floor(i / 25) * 140 } });
    const prev = nodes[i - 1];
    if (prev && node.type !== 'Optimizer')
      edges.push({ id: `e${edges.length + 1}`, source: prev.id, target: node.id });
  };
  add({ id: 'data', type: 'Dataset', params: { source: 'mnist' } });
  add({ id: 'in', type: 'Input', params: {} });
  add({ id: 'flat', type: 'Flatten', params: {} });
  const tail = 4; // Dense(10), softmax, Loss, Optimizer
  for (let i = 0; nodes.length < count - tail; i += 1) {
    if (nodes.length === count - tail - 1) add({ id: `drop${i}`, type: 'Dropout', params: { rate: 0.1 } });
    else if (i % 2 === 0) add({ id: `d${i}`, type: 'Dense', params: { units: 32 } });
    else add({ id: `a${i}`, type: 'Activation', params: { activation: 'relu' } });
  }
  add({ id: 'out', type: 'Dense', params: { units: 10 } });
  add({ id: 'soft', type: 'Activation', params: { activation: 'softmax' } });
  add({ id: 'loss', type: 'Loss', params: { loss: 'categoricalCrossentropy' } });
  add({ id: 'opt', type: 'Optimizer', params: { optimizer: 'adam', batchSize: 64 } });
  edges.push({ id: `e${edges.length + 1}`, source: 'loss', target: 'opt' });
  return { format: 'layerloom', version: 1, name: `Bench ${count}`, nodes, edges };
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
};

export async function benchEditor(): Promise<Record<string, number>> {
  ensureRendererBuilt();
  const workspace = await mkdtemp(join(tmpdir(), 'layerloom-bench-'));
  const doc = generateProject(500);
  await mkdir(join(workspace, 'projects'), { recursive: true });
  await writeFile(join(workspace, 'projects', 'bench-500.layerloom'), serializeProject(doc));
  const server = await startServer({ workspace, port: 0, rendererDir: RENDERER_DIST });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(server.url);
    await page.waitForFunction(() => window.__layerloomEditor !== undefined);
    const open = await page.evaluate(async () => {
      const handle = window.__layerloomEditor;
      if (!handle) throw new Error('no editor handle');
      await handle.projects.refreshLists();
      const listing = handle.projects.getState().projects.find((p) => p.id.includes('bench-500'));
      if (!listing) throw new Error('bench project not listed');
      const t0 = performance.now();
      await handle.projects.open(listing.id);
      // Interactive: nodes on screen, measured, and the main thread free for two frames.
      while (document.querySelectorAll('.react-flow__node').length === 0)
        await new Promise((r) => requestAnimationFrame(r));
      await new Promise((r) => requestAnimationFrame(r));
      await new Promise((r) => requestAnimationFrame(r));
      return {
        ms: performance.now() - t0,
        analysisMs: handle.store.getState().analysisMs,
        nodes: handle.store.getState().doc.nodes.length,
      };
    });
    if (open.nodes !== 500) throw new Error(`expected 500 nodes, opened ${open.nodes}`);
    const edits = await page.evaluate(async () => {
      const handle = window.__layerloomEditor;
      if (!handle) throw new Error('no editor handle');
      const analysis: number[] = [];
      const toFrame: number[] = [];
      const storeRun: number[] = [];
      // The first few edits warm the JIT; they are run but not counted.
      for (let i = 0; i < 5; i += 1)
        handle.store.run('setParam', { nodeId: 'd4', name: 'units', value: 200 + i });
      for (let i = 0; i < 40; i += 1) {
        const t0 = performance.now();
        handle.store.run('setParam', { nodeId: 'd4', name: 'units', value: 16 + i });
        storeRun.push(performance.now() - t0);
        analysis.push(handle.store.getState().analysisMs);
        await new Promise((r) => requestAnimationFrame(r));
        toFrame.push(performance.now() - t0);
      }
      return { analysis, toFrame, storeRun };
    });
    return {
      'editor.open500.timeToInteractiveMs': round(open.ms),
      'editor.open500.analysisMs': round(open.analysisMs),
      'editor.edit500.analysisMedianMs': round(percentile(edits.analysis, 0.5)),
      'editor.edit500.analysisP95Ms': round(percentile(edits.analysis, 0.95)),
      'editor.edit500.analysisMaxMs': round(Math.max(...edits.analysis)),
      'editor.edit500.storeUpdateMedianMs': round(percentile(edits.storeRun, 0.5)),
      'editor.edit500.editToFrameMedianMs': round(percentile(edits.toFrame, 0.5)),
    };
  } finally {
    await browser.close();
    await server.close();
    await rm(workspace, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 100) / 100;
