/**
 * Issue 13, item 5: starting again reopens the last saved project and its panel layout, as desktop
 * editors do; the sample opens only on the very first start.
 */
import { expect, saveAsInApp, test } from './fixtures/app';

test.use({ viewport: { width: 1440, height: 900 } });

test('a relaunch reopens the last project and its layout; the sample only the first time', async ({
  editor,
  page,
}) => {
  // Very first start: the sample.
  await expect(page.getByTestId('project.title')).toHaveText('MNIST MLP');
  page.on('dialog', (d) => void d.accept());
  await editor.node('d1').click();
  await page.getByTestId('inspector.units').fill('96');
  await page.getByTestId('inspector.units').press('Enter');
  await saveAsInApp(page, 'Relaunch me');
  await expect(page.getByTestId('project.title')).toHaveText('Relaunch me');
  await expect(page.getByTestId('project.dirty')).toHaveCount(0);
  await page.getByTestId('view.inspector').click();
  await expect(page.getByTestId('inspector')).toBeHidden();

  await page.reload();
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible();
  await expect(page.getByTestId('project.title')).toHaveText('Relaunch me');
  await expect(editor.node('d1')).toContainText('96');
  await expect(page.getByTestId('project.dirty')).toHaveCount(0);
  await expect(page.getByTestId('inspector')).toBeHidden();
  await editor.shot('relaunched');

  // A later start with nothing saved open (New, never saved) is an empty canvas, not the sample.
  await page.evaluate(() => localStorage.removeItem('layerloom.lastProject'));
  await page.reload();
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible();
  await editor.expectNodeCount(0);
  await expect(page.getByTestId('project.title')).toHaveText('Untitled');
});
