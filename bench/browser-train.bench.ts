/**
 * In-app training speed: the app's own worker (Chromium, webgl / wasm / cpu) on the MNIST MLP and
 * CNN samples, against the same project trained by the CLI (its esbuild bundle, `layerloom train`)
 * in Node on cpu and wasm, as ratios. Samples/s are those of the last epoch (the first includes
 * kernel compilation). Set LAYERLOOM_BENCH_BROWSER_BACKENDS=webgl,wasm to skip the slow cpu runs.
 * wasm runs on the app's thread count (one per core up to 4) and, for comparison, on the counts in
 * LAYERLOOM_BENCH_BROWSER_WASM_THREADS (default 1; empty for none), each from a build of the app made
 * with VITE_LAYERLOOM_WASM_THREADS set (the worker's thread count is fixed at build time).
 */
import type {} from '../renderer/src/training/debugHandle';
import { chromium, type Browser, type Page } from '@playwright/test';
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
const WASM_THREAD_VARIANTS = (process.env.LAYERLOOM_BENCH_BROWSER_WASM_THREADS ?? '1')
  .split(',')
  .filter((t) => /^\d+$/.test(t.trim()))
  .map((t) => t.trim());

interface BrowserRun {
  rates: number[];
  backend: string;
  renderer: string;
  error?: string;
}

/** Trains `doc` in the app's worker on `backend` and waits for the run to end. */
function trainInPage(page: Page, doc: GraphDocument, backend: string): Promise<BrowserRun> {
  return page.evaluate(
    async ([d, b]) => {
      const c = window.__layerloomTraining!;
      c.setBackendPick(b as 'webgl');
      c.start({ doc: JSON.parse(d), projectName: 'bench', projectId: null });
      for (;;) {
        await new Promise((r) => setTimeout(r, 250));
        const s = c.getState();
        if (s.phase === 'error')
          return { error: s.error?.message ?? 'error', rates: [], backend: '', renderer: '' };
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
}

/** "chromium wasm (2 thr)" from the worker's renderer text ("WebAssembly SIMD, 2 threads"). */
function browserLabel(backend: string, run: BrowserRun | undefined): string {
  const threads = backend === 'wasm' ? /(\d+) threads?/.exec(run?.renderer ?? '')?.[1] : undefined;
  return threads === undefined ? `chromium ${backend}` : `chromium ${backend} (${threads} thr)`;
}

/** The app built into `dir` to run wasm on `threads` threads. */
function buildWithWasmThreads(root: string, dir: string, threads: string): void {
  execFileSync(
    'npx',
    [
      'vite',
      'build',
      '--config',
      'renderer/vite.config.ts',
      '--outDir',
      dir,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    {
      cwd: root,
      stdio: 'inherit',
      timeout: 300_000,
      env: { ...process.env, VITE_LAYERLOOM_WASM_THREADS: threads },
    },
  );
}

async function openApp(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.__layerloomTraining !== undefined);
  return page;
}

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
  const variantServers: Awaited<ReturnType<typeof startServer>>[] = [];
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  try {
    const page = await openApp(browser, server.url);
    const variants: { threads: string; page: Page }[] = [];
    if (BROWSER_BACKENDS.includes('wasm'))
      for (const threads of WASM_THREAD_VARIANTS) {
        log(`browser-train: building the app with ${threads} wasm thread(s)…`);
        const dir = join(workspace, `renderer-wasm-${threads}`);
        buildWithWasmThreads(root, dir, threads);
        const variant = await startServer({ workspace, port: 0, rendererDir: dir });
        variantServers.push(variant);
        variants.push({ threads, page: await openApp(browser, variant.url) });
      }
    for (const m of MODELS) {
      const doc = await benchDoc(root, m.file, m.limit);
      const browserRuns: { label: string; rate: number }[] = [];
      const record = (backend: string, out: BrowserRun) => {
        if (out.error !== undefined) notes.push(`${m.id}/${backend}: ${out.error}`);
        else if (out.backend !== backend) notes.push(`${m.id}/${backend}: fell back to ${out.backend}`);
        if (backend === 'webgl') notes.push(`webgl renderer: ${out.renderer}`);
        browserRuns.push({ label: browserLabel(backend, out), rate: lastEpochRate(out.rates) });
      };
      for (const backend of BROWSER_BACKENDS) {
        log(`browser-train: ${m.id} on ${backend} in Chromium…`);
        record(backend, await trainInPage(page, doc, backend));
        if (backend !== 'wasm') continue;
        for (const v of variants) {
          log(`browser-train: ${m.id} on wasm (build for ${v.threads} thread(s)) in Chromium…`);
          record('wasm', await trainInPage(v.page, doc, 'wasm'));
        }
      }
      const nodeRates: Record<string, number> = {};
      for (const backend of NODE_BACKENDS) {
        log(`browser-train: ${m.id} on ${backend} in Node…`);
        nodeRates[backend] = await cliRate(root, workspace, doc, backend);
      }
      const bestNode = Math.max(...Object.values(nodeRates));
      for (const { label, rate } of browserRuns)
        rows.push([m.id, label, Math.round(rate), bestNode > 0 ? `${(rate / bestNode).toFixed(2)}×` : '—']);
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
    for (const v of variantServers) await v.close();
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
