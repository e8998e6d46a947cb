/**
 * In-app training speed: the app's own worker (Chromium, webgl / wasm / cpu) on the MNIST MLP and
 * CNN samples, against the same project trained by the CLI (its esbuild bundle, `layerloom train`)
 * in Node on cpu and wasm, as ratios. Samples/s are those of the last epoch (the first includes
 * kernel compilation). Set LAYERLOOM_BENCH_BROWSER_BACKENDS=webgl,wasm to skip the slow cpu runs.
 */
import type {} from '../renderer/src/training/debugHandle';
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../host/src/server/server';
import { parseProject, serializeProject } from '../graph-core/src/document';
import type { GraphDocument } from '../graph-core/src/document/types';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium';
import { ensureRendererBuilt, RENDERER_DIST } from '../e2e/fixtures/build';
import type { BenchContext, BenchSection } from './contract';

const MODELS = [
  { id: 'mlp', file: 'mnist-mlp.layerloom', limit: 4000 },
  { id: 'cnn', file: 'mnist-cnn.layerloom', limit: 1200 },
] as const;
const ALL_BROWSER_BACKENDS = ['webgl', 'wasm', 'cpu'] as const;
const BROWSER_BACKENDS = ALL_BROWSER_BACKENDS.filter(
  (b) => process.env.LAYERLOOM_BENCH_BROWSER_BACKENDS?.split(',').includes(b) ?? true,
);
const NODE_BACKENDS = ['cpu', 'wasm'] as const;

async function benchDoc(root: string, file: string, limit: number): Promise<GraphDocument> {
  const parsed = parseProject(await readFile(join(root, 'assets/samples', file), 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.error}`);
  const doc = parsed.doc;
  for (const node of doc.nodes) {
    if (node.type === 'Dataset') node.params = { ...node.params, limit };
    if (node.type === 'Optimizer') node.params = { ...node.params, epochs: 2 };
  }
  return doc;
}

const lastEpochRate = (rates: number[]) => rates[rates.length - 1] ?? 0;

/** Trains `doc` with the CLI's bundle (built when missing) and reads its metrics.jsonl. */
async function cliRate(root: string, scratch: string, doc: GraphDocument, backend: string): Promise<number> {
  const cli = join(root, 'dist/cli/layerloom.mjs');
  if (!existsSync(cli)) execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { cwd: root });
  const file = join(scratch, `${doc.name.replace(/\W+/g, '-')}.layerloom`);
  await writeFile(file, serializeProject(doc));
  const out = join(scratch, `run-${backend}-${Date.now()}`);
  execFileSync(
    process.execPath,
    [cli, 'train', file, '--backend', backend, '--out', out, '--workspace', join(scratch, 'ws')],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000 },
  );
  const lines = (await readFile(join(out, 'metrics.jsonl'), 'utf8')).trim().split('\n');
  return lastEpochRate(lines.map((l) => (JSON.parse(l) as { samplesPerSec: number }).samplesPerSec));
}

export async function benchBrowserTraining(ctx?: BenchContext): Promise<BenchSection> {
  const root = ctx?.root ?? join(import.meta.dirname, '..');
  const log = ctx?.log ?? ((l: string) => console.log(l));
  ensureRendererBuilt();
  const workspace = await mkdtemp(join(tmpdir(), 'layerloom-bench-train-'));
  const server = await startServer({ workspace, port: 0, rendererDir: RENDERER_DIST });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => window.__layerloomTraining !== undefined);
    for (const m of MODELS) {
      const doc = await benchDoc(root, m.file, m.limit);
      const browserRates: Record<string, number> = {};
      for (const backend of BROWSER_BACKENDS) {
        log(`browser-train: ${m.id} on ${backend} in Chromium…`);
        const out = await page.evaluate(
          async ([d, b]) => {
            const c = window.__layerloomTraining!;
            c.setBackendPick(b as 'webgl');
            c.start({ doc: JSON.parse(d), projectName: 'bench', projectId: null });
            for (;;) {
              await new Promise((r) => setTimeout(r, 250));
              const s = c.getState();
              if (s.phase === 'error') return { error: s.error?.message ?? 'error', rates: [], backend: '' };
              if (s.phase === 'done')
                return {
                  rates: s.epochs.map((e: { samplesPerSec: number }) => e.samplesPerSec),
                  backend: s.backend?.backend ?? '',
                  renderer: s.backend?.renderer ?? '',
                };
            }
          },
          [JSON.stringify(doc), backend] as const,
        );
        if ('error' in out) notes.push(`${m.id}/${backend}: ${out.error}`);
        else if (out.backend !== backend) notes.push(`${m.id}/${backend}: fell back to ${out.backend}`);
        if ('renderer' in out && backend === 'webgl') notes.push(`webgl renderer: ${out.renderer}`);
        browserRates[backend] = lastEpochRate(out.rates);
      }
      const nodeRates: Record<string, number> = {};
      for (const backend of NODE_BACKENDS) {
        log(`browser-train: ${m.id} on ${backend} in Node…`);
        nodeRates[backend] = await cliRate(root, workspace, doc, backend);
      }
      const bestNode = Math.max(...Object.values(nodeRates));
      for (const backend of BROWSER_BACKENDS) {
        const r = browserRates[backend] ?? 0;
        rows.push([
          m.id,
          `chromium ${backend}`,
          Math.round(r),
          bestNode > 0 ? `${(r / bestNode).toFixed(2)}×` : '—',
        ]);
      }
      for (const backend of NODE_BACKENDS)
        rows.push([
          m.id,
          `node ${backend} (layerloom train)`,
          Math.round(nodeRates[backend] ?? 0),
          bestNode > 0 ? `${((nodeRates[backend] ?? 0) / bestNode).toFixed(2)}×` : '—',
        ]);
    }
  } finally {
    await browser.close();
    await server.close();
    await rm(workspace, { recursive: true, force: true });
  }
  return {
    title: 'In-app training (Chromium worker) vs `layerloom train` in Node: samples/s in epoch 2',
    header: ['model', 'where', 'samples/s', 'vs best Node'],
    rows,
    notes: [...new Set(notes)],
  };
}

export default benchBrowserTraining;
