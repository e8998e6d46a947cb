/**
 * Issue 13, item 4: after training, every Training chart shows its legend inside the visible dock,
 * and the per-batch charts count batches on x.
 */
import { expect, test } from './fixtures/app';

test.use({ viewport: { width: 1440, height: 900 } });

test('every training chart shows its legend in view', async ({ editor, page }) => {
  await page.getByTestId('project.templates').click();
  await page.locator('[data-testid^="template."]').filter({ hasText: 'Iris MLP' }).first().click();
  await expect(page.getByTestId('project.title')).toHaveText('Iris MLP');
  await editor.node('opt').click();
  await page.getByTestId('inspector.epochs').fill('2');
  await page.getByTestId('inspector.epochs').press('Enter');
  await page.getByTestId('training.backendPick').selectOption('cpu');
  await page.getByTestId('training.train').click();
  await expect(page.getByTestId('training.status')).toHaveText('completed', { timeout: 120_000 });
  await page.waitForTimeout(500);

  const dock = (await page.locator('.dock-body').boundingBox())!;
  const legends = page.locator('.training-chart .u-legend');
  expect(await legends.count()).toBeGreaterThanOrEqual(3);
  for (const box of await legends.evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, text: e.textContent ?? '' };
    }),
  )) {
    expect(box.bottom, `legend "${box.text}" is below the dock`).toBeLessThanOrEqual(
      dock.y + dock.height + 1,
    );
    expect(box.top).toBeGreaterThanOrEqual(dock.y - 1);
  }
  await expect(
    page.locator('.training-chart .u-legend').filter({ hasText: 'val_loss' }).first(),
  ).toBeVisible();
  await expect(page.locator('.training-chart').first()).toContainText('batch');
  await editor.shot('legends-in-view');
});
