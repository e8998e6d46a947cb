/**
 * Issue 13, item 9 (browser mode): a `.layerloom` opens from disk with the file picker or by
 * dropping it on the canvas. (Exports downloaded as files: training.spec and experiments.spec.)
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures/app';
import { REPO_ROOT } from './fixtures/build';

test.use({ viewport: { width: 1440, height: 900 } });

const irisFile = join(REPO_ROOT, 'assets', 'samples', 'iris-mlp.layerloom');

test('opens a .layerloom from disk with the file picker and by dropping it on the canvas', async ({
  editor,
  page,
}) => {
  await expect(page.getByTestId('project.title')).toHaveText('MNIST MLP');
  page.on('dialog', (d) => void d.accept());

  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('project.open').click();
  await page.getByTestId('project.openFile').click();
  await (await chooser).setFiles(irisFile);
  await expect(page.getByTestId('project.title')).toContainText('Iris MLP');
  await expect(editor.node('hidden')).toBeVisible();
  await editor.shot('opened-with-the-picker');

  await page.getByTestId('project.new').click();
  await editor.expectNodeCount(0);
  const text = await readFile(join(REPO_ROOT, 'assets', 'samples', 'mnist-cnn.layerloom'), 'utf8');
  const dataTransfer = await page.evaluateHandle((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], 'my-cnn.layerloom', { type: 'application/json' }));
    return dt;
  }, text);
  await page.getByTestId('canvas').dispatchEvent('dragover', { dataTransfer });
  await page.getByTestId('canvas').dispatchEvent('drop', { dataTransfer });
  await expect(page.getByTestId('project.title')).toContainText('MNIST CNN');
  await expect(editor.node('conv1')).toBeVisible();
  await editor.shot('opened-by-drop');

  // A broken file is refused by name and the open project stays.
  const broken = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['{ "format": "layerloom", '], 'broken.layerloom'));
    return dt;
  });
  await page.getByTestId('canvas').dispatchEvent('drop', { dataTransfer: broken });
  await expect(page.getByTestId('banner.message').or(page.locator('.banner.error'))).toContainText(
    'broken.layerloom',
  );
  await expect(editor.node('conv1')).toBeVisible();
});
