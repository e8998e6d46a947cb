/**
 * Repeats in the app (issue 17): sweep the Iris MLP's hidden activation over relu and sigmoid with 3
 * seeds each, then see each variant as its mean validation curve with a min–max band (under 5 seeds,
 * and labelled so), the variants ranked by their mean, and a verdict with the test explained.
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

test('a sweep with 3 seeds per variant shows mean curves with bands and a verdict', async ({
  editor,
  page,
  server,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1400, height: 1300 });
  await page.getByTestId('project.templates').click();
  await page.locator('[data-testid^="template."]').filter({ hasText: 'Iris MLP' }).first().click();
  await expect(page.getByTestId('project.title')).toHaveText('Iris MLP');
  await setParam(editor, 'opt', 'epochs', '3');
  await page.getByTestId('training.backendPick').selectOption('cpu');

  await editor.node('hidden').click();
  await page.getByTestId('sweep.toggle.hidden.activation').click();
  await page.getByTestId('sweep.param.hidden.activation.option.sigmoid').check();
  await page.getByTestId('dock.sweep').click();
  await page.getByTestId('sweep.repeats').fill('3');
  await expect(page.getByTestId('sweep.count')).toContainText('6 variants');
  // Other journeys may have left sweeps in the workspace: follow this one by its folder.
  const sweepsDir = join(server.workspace, 'sweeps');
  const earlier = new Set(await readdir(sweepsDir).catch(() => [] as string[]));
  await page.getByTestId('sweep.run').click();
  await expect(page.getByTestId('sweep.status')).toHaveAttribute('data-phase', 'finished', {
    timeout: 100_000,
  });

  const stats = page.getByTestId('sweep.seedStats');
  await expect(stats).toBeVisible();
  await expect(stats).toContainText('Variants over seeds (3 each)');
  // Two mean curves, each with a band drawn behind it.
  const chart = page.getByTestId('bands.chart.val_acc');
  await expect(chart).toHaveAttribute('data-variants', '2');
  await expect(chart).toHaveAttribute('data-bands', '2');
  await expect(page.getByTestId('bands.legend.val_acc')).toContainText('mean, min–max band');
  // Ranked by the mean, the band beside it and named.
  const rows = stats.locator('[data-testid^="sweep.seedStats.row."]');
  await expect(rows).toHaveCount(2);
  await expect(rows.first().locator('[data-col="#"]')).toHaveText('1');
  await expect(rows.first().locator('[data-col="val_acc_band"]')).toContainText('(min–max)');
  // One verdict for the pair, in one of the two forms, and the test in one sentence.
  const verdict = page.getByTestId('sweep.seedStats.verdicts').locator('li');
  await expect(verdict).toHaveCount(1);
  await expect(verdict).toHaveText(
    /(better than .* \(p [<=] [\d.]+\)|no difference detectable at this budget \(p = [\d.]+\) — .*)/,
  );
  await expect(page.getByTestId('sweep.seedStats.explained')).toContainText("Welch's t-test");
  // The dock scrolls: one shot with the bands, one with the ranking and the verdict.
  await chart.scrollIntoViewIfNeeded();
  await editor.shot('seeds-bands');
  await page.getByTestId('sweep.seedStats.explained').scrollIntoViewIfNeeded();
  await editor.shot('seeds-verdict');

  // Compare the sweep's six runs: the same statistics, with cost and the Pareto chart.
  const sweepId = (await readdir(sweepsDir)).find((d) => !earlier.has(d));
  const state = JSON.parse(await readFile(join(sweepsDir, sweepId!, 'sweep.json'), 'utf8')) as {
    variants: { runDir: string }[];
  };
  await page.getByTestId('dock.runs').click();
  for (const v of state.variants) await page.getByTestId(`runs.select.${v.runDir}`).check();
  await page.getByTestId('runs.compare').click();
  const cmp = page.getByTestId('compare.variants');
  await expect(cmp.locator('[data-testid^="compare.variants.row."]')).toHaveCount(2);
  await expect(cmp.locator('td[data-col="params"]').first()).toHaveText('131');
  await expect(page.getByTestId('compare.variants.verdicts').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('pareto.chart')).toHaveAttribute('data-points', '2');
  await page.getByTestId('compare.variants.cost').selectOption('latencyMs');
  await expect(page.getByTestId('pareto.chart')).toContainText('Inference ms / sample');
  await page.getByTestId('pareto.chart').scrollIntoViewIfNeeded();
  await editor.shot('compare-pareto');
});
