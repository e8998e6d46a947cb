/**
 * Run history and comparison, as a new user would: train the Iris sample twice with a different
 * activation, find both runs in the Runs tab with what differs from the canvas, overlay their
 * curves in Compare with the best result highlighted and the activation named as the difference,
 * export the table, then rename, tag, note, delete and restore a run and open its graph.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type Editor } from './fixtures/app';

async function setParam(editor: Editor, nodeId: string, field: string, value: string) {
  await editor.node(nodeId).click();
  const input = editor.page.getByTestId(`inspector.${field}`);
  await input.fill(value);
  await input.press('Enter');
}

async function train(page: Page) {
  await page.getByTestId('training.train').click();
  await expect(page.getByTestId('training.status')).toHaveText('completed', { timeout: 120_000 });
}

test('compares two trained runs and keeps the run history tidy', async ({ editor, page, server }) => {
  await page.getByTestId('project.templates').click();
  await page.locator('[data-testid^="template."]').filter({ hasText: 'Iris MLP' }).first().click();
  await expect(page.getByTestId('project.title')).toHaveText('Iris MLP');
  await setParam(editor, 'opt', 'epochs', '4');
  await page.getByTestId('training.backendPick').selectOption('cpu');
  await train(page);
  await editor.node('hidden').click();
  await page.getByTestId('inspector.activation').selectOption('tanh');
  await train(page);

  // Runs: both runs, newest first; the first run differs from the canvas by its activation.
  await page.getByTestId('dock.runs').click();
  const rows = page.locator('[data-testid^="runs.row."]');
  await expect(rows).toHaveCount(2);
  const ids = await rows.evaluateAll((els) =>
    els.map((e) => (e.getAttribute('data-testid') ?? '').slice('runs.row.'.length)),
  );
  const [tanhRun, reluRun] = ids as [string, string];
  await expect(page.getByTestId(`runs.diffs.${reluRun}`)).toHaveText('hidden.activation=relu');
  await expect(page.getByTestId(`runs.diffs.${tanhRun}`)).toHaveText('same as canvas');
  await expect(page.getByTestId(`runs.status.${reluRun}`)).toHaveText('completed');

  // Compare: two curves per chart, a results table with one best val_acc, and the difference named.
  await page.getByTestId(`runs.select.${reluRun}`).check();
  await page.getByTestId(`runs.select.${tanhRun}`).check();
  await page.getByTestId('runs.compare').click();
  await expect(page.getByTestId('compare.view')).toBeVisible();
  const lossChart = page.getByTestId('compare.chart.loss');
  await expect(lossChart).toHaveAttribute('data-series', '2');
  await expect(lossChart).toHaveAttribute('data-points', '4');
  await expect(lossChart.locator('canvas')).toHaveCount(1);
  await expect(page.getByTestId('compare.chart.val_acc')).toBeVisible();
  await expect(page.locator('[data-testid^="compare.row."]')).toHaveCount(2);
  expect(await page.locator('[data-testid="compare.table"] td[data-col="val_loss"][data-best]').count()).toBe(
    1,
  );
  await expect(page.getByTestId('compare.param.hidden.activation')).toContainText('relu · tanh');
  await page.getByTestId('compare.axis').selectOption('time');
  await expect(lossChart).toHaveAttribute('data-series', '2');

  // Colour the canvas against the relu run: the hidden layer is marked as changed.
  await page.getByTestId('compare.canvasRef').selectOption(reluRun);
  await expect(page.getByTestId('diff.hidden')).toHaveAttribute('data-change', 'changed');
  await expect(page.getByTestId('diff.hidden')).toContainText('activation: relu → tanh');
  await editor.shot('compare');

  // Export the table and the chart: in a browser they are downloaded as files.
  const csvDownload = page.waitForEvent('download');
  await page.getByTestId('compare.exportCsv').click();
  const csvFile = await csvDownload;
  expect(csvFile.suggestedFilename()).toMatch(/\.csv$/);
  await expect(page.getByTestId('compare.note')).toContainText(`Downloaded ${csvFile.suggestedFilename()}`);
  const csv = await readFile((await csvFile.path()) ?? '', 'utf8');
  expect(csv.split('\r\n')[0]).toBe(
    'run,hidden.activation,status,loss,acc,val_loss,val_acc,duration_ms,variant,variant_rank,' +
      'variant_val_acc_mean,variant_val_acc_low,variant_val_acc_high,variant_band,epochs_to_target,' +
      'seconds_to_target,val_acc_auc,trainable_params,non_trainable_params,flops_per_sample,' +
      'inference_ms_per_sample,verdict_vs_best,verdict_p,verdict_test,best',
  );
  const pngDownload = page.waitForEvent('download');
  await page.getByTestId('compare.exportPng').click();
  const pngFile = await pngDownload;
  await expect(page.getByTestId('compare.note')).toContainText('.png');
  expect((await readFile((await pngFile.path()) ?? '')).subarray(1, 4).toString()).toBe('PNG');

  // Rename, tag and note a run; the metadata is kept on disk.
  await page.getByTestId('dock.runs').click();
  await page.getByTestId(`runs.rename.${reluRun}`).click();
  await page.getByTestId(`runs.edit-name.${reluRun}`).fill('relu baseline');
  await page.getByTestId(`runs.edit-name.${reluRun}`).press('Enter');
  await expect(page.getByTestId(`runs.rename.${reluRun}`)).toHaveText('relu baseline');
  await page.getByTestId(`runs.tags.${reluRun}`).click();
  await page.getByTestId(`runs.edit-tags.${reluRun}`).fill('baseline, iris');
  await page.getByTestId(`runs.edit-tags.${reluRun}`).press('Enter');
  await expect(page.getByTestId(`runs.tags.${reluRun}`)).toHaveText('baselineiris');
  await page.getByTestId(`runs.note.${reluRun}`).click();
  await page.getByTestId(`runs.edit-note.${reluRun}`).fill('first try');
  await page.getByTestId(`runs.edit-note.${reluRun}`).press('Enter');
  await expect(page.getByTestId(`runs.note.${reluRun}`)).toHaveText('first try');
  const meta = JSON.parse(
    await readFile(join(server.workspace, 'runs', reluRun, 'meta.json'), 'utf8'),
  ) as Record<string, unknown>;
  expect(meta).toMatchObject({ name: 'relu baseline', tags: ['baseline', 'iris'], note: 'first try' });

  // Delete moves the run to the trash; restore brings it back.
  await page.getByTestId(`runs.trash.${tanhRun}`).click();
  await expect(rows).toHaveCount(1);
  await page.getByTestId('runs.showTrash').check();
  await page.getByTestId(`runs.restore.${tanhRun}`).click();
  await expect(page.getByTestId('runs.empty')).toBeVisible();
  await page.getByTestId('runs.showTrash').uncheck();
  await expect(rows).toHaveCount(2);

  // Continue the relu run from its checkpoint: a third run, which starts from the trained weights.
  await page.getByTestId(`runs.continue.${reluRun}`).click();
  // The Training tab opens once the run has started, so its status cannot be the previous run's.
  await expect(page.getByTestId('training.status')).toHaveText('completed', { timeout: 120_000 });
  await page.getByTestId('dock.runs').click();
  await expect(async () => {
    await page.getByTestId('runs.refresh').click();
    await expect(rows).toHaveCount(3, { timeout: 1000 });
    await expect(rows.first().locator('[data-testid^="runs.status."]')).toHaveText('completed', {
      timeout: 1000,
    });
  }).toPass({ timeout: 120_000 });
  const continued = (await rows.first().getAttribute('data-testid'))?.slice('runs.row.'.length) ?? '';
  const summary = JSON.parse(
    await readFile(join(server.workspace, 'runs', continued, 'summary.json'), 'utf8'),
  ) as Record<string, unknown>;
  expect(summary).toMatchObject({ status: 'completed', resumedFrom: { runId: reluRun, epoch: 3 } });

  // Open the relu run's graph on the canvas.
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId(`runs.open.${reluRun}`).click();
  await editor.node('hidden').click();
  await expect(page.getByTestId('inspector.activation')).toHaveValue('relu');
});
