/**
 * A sweep as a new user would run one: open the MNIST MLP sample, shrink it to 600 digits and one
 * epoch, sweep the activation of a1 over sigmoid, tanh and relu from the inspector, run the three
 * variants, see three curves overlaid and the ranking, and apply the best variant to the canvas.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Editor } from './fixtures/app';

async function setParam(editor: Editor, nodeId: string, field: string, value: string) {
  await editor.node(nodeId).click();
  const input = editor.page.getByTestId(`inspector.${field}`);
  await input.fill(value);
  await input.press('Enter');
}

test('sweeps the activation of a1 and applies the best variant', async ({ editor, page, server }) => {
  test.setTimeout(150_000);
  // Tall enough that the dock shows the sweep's charts and table in the screenshots.
  await page.setViewportSize({ width: 1400, height: 1200 });
  await page.getByTestId('project.templates').click();
  await page.locator('[data-testid^="template."]').filter({ hasText: 'MNIST MLP' }).first().click();
  await expect(page.getByTestId('project.title')).toHaveText('MNIST MLP');
  await setParam(editor, 'data', 'limit', '600');
  await setParam(editor, 'opt', 'epochs', '1');
  await page.getByTestId('training.backendPick').selectOption('cpu');

  // Sweep a1's activation: the ⋔ toggle beside the param, then tick the other two options.
  await editor.node('a1').click();
  await page.getByTestId('sweep.toggle.a1.activation').click();
  await expect(page.getByTestId('sweep.toggle.a1.activation')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('sweep.param.a1.activation.option.sigmoid').check();
  await page.getByTestId('sweep.param.a1.activation.option.tanh').check();
  await editor.shot('sweep-inspector');

  await page.getByTestId('dock.sweep').click();
  await expect(page.getByTestId('sweep.count')).toContainText('3 variants');
  // Other journeys share this workspace and may have left sweeps of their own.
  const sweepsDir = join(server.workspace, 'sweeps');
  const earlier = new Set(await readdir(sweepsDir).catch(() => [] as string[]));
  await page.getByTestId('sweep.run').click();
  await expect(page.getByTestId('sweep.status')).toHaveAttribute('data-phase', 'running');
  await editor.shot('sweep-running');
  await expect(page.getByTestId('sweep.status')).toHaveAttribute('data-phase', 'finished', {
    timeout: 120_000,
  });

  // Each variant is a normal run folder grouped under the sweep, and sweep.json records them all.
  const sweepId = (await readdir(sweepsDir)).find((d) => !earlier.has(d));
  const state = JSON.parse(
    await readFile(join(server.workspace, 'sweeps', sweepId!, 'sweep.json'), 'utf8'),
  ) as {
    variants: {
      id: string;
      status: string;
      error?: string;
      runDir: string;
      seed: number;
      assignments: { value: string }[];
    }[];
  };
  expect(state.variants.map((v) => `${v.status}${v.error ?? ''}`)).toEqual(['done', 'done', 'done']);
  expect(new Set(state.variants.map((v) => v.seed)).size).toBe(1);
  for (const v of state.variants) {
    const meta = JSON.parse(
      await readFile(join(server.workspace, 'runs', v.runDir, 'meta.json'), 'utf8'),
    ) as {
      sweepId: string;
    };
    expect(meta.sweepId).toBe(sweepId);
  }

  // Three curves overlaid, three ranked variants, one line each in the parallel coordinates.
  await expect(page.getByTestId('compare.chart.loss')).toHaveAttribute('data-series', '3');
  await expect(page.getByTestId('compare.chart.val_acc')).toHaveAttribute('data-series', '3');
  const ranks = page.locator('[data-testid^="sweep.rank."]');
  await expect(ranks).toHaveCount(3);
  await expect(ranks.first()).toHaveAttribute('data-rank', '1');
  await expect(page.getByTestId('sweep.parallel')).toHaveAttribute('data-lines', '3');
  // Cost beside accuracy: read from the runs' summaries, one dot per variant, the Pareto front marked.
  // The activations cost the same params, so the front is the best variant alone; latency differs.
  const pareto = page.getByTestId('sweep.cost').getByTestId('pareto.chart');
  await expect(pareto).toHaveAttribute('data-points', '3');
  await expect(pareto).toHaveAttribute('data-front', '1');
  await page.getByTestId('sweep.cost.axis').selectOption('latencyMs');
  await expect(pareto).toContainText('Inference ms / sample');
  await expect(pareto).toHaveAttribute('data-points', '3');
  await pareto.scrollIntoViewIfNeeded();
  await editor.shot('sweep-pareto');
  // The parallel coordinates fill their panel's width without spilling out, at a bounded height,
  // and follow the panel when the window narrows.
  const parallelFit = () =>
    page.getByTestId('sweep.parallel').evaluate((svg) => {
      const s = svg.getBoundingClientRect();
      const p = svg.closest('figure')!.parentElement!.getBoundingClientRect();
      return {
        width: s.width,
        height: s.height,
        inside: s.left >= p.left - 1 && s.right <= p.right + 1,
        fill: s.width / p.width,
      };
    });
  const wide = await parallelFit();
  expect(wide.inside).toBe(true);
  expect(wide.fill).toBeGreaterThan(0.9);
  expect(wide.height).toBeLessThanOrEqual(240);
  await editor.shot('sweep-results');
  const viewport = page.viewportSize()!;
  await page.setViewportSize({ width: Math.round(viewport.width * 0.7), height: viewport.height });
  await expect.poll(async () => (await parallelFit()).width).toBeLessThan(wide.width - 50);
  const narrow = await parallelFit();
  expect(narrow.inside).toBe(true);
  expect(narrow.fill).toBeGreaterThan(0.9);
  await editor.shot('sweep-parallel-narrow');
  await page.setViewportSize(viewport);

  // Apply best: the canvas takes the winner's activation (as one undo step).
  const bestId = (await ranks.first().getAttribute('data-testid'))!.slice('sweep.rank.'.length);
  const best = state.variants.find((v) => v.id === bestId)!.assignments[0]!.value;
  const apply = page.getByTestId('sweep.applyBest');
  if (best === 'relu') {
    // The sample already uses relu: make the canvas differ so applying has something to do.
    await editor.node('a1').click();
    await page.getByTestId('inspector.activation').selectOption('sigmoid');
  }
  await expect(apply).toBeEnabled();
  await apply.click();
  const doc = (await editor.document()) as { nodes: { id: string; params: { activation?: string } }[] };
  expect(doc.nodes.find((n) => n.id === 'a1')?.params.activation).toBe(best);
  await expect(apply).toBeDisabled();
  await editor.node('a1').click();
  await expect(page.getByTestId('inspector.activation')).toHaveValue(best);
  await editor.shot('sweep-applied');
});
