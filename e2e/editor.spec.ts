/**
 * The canvas editor as a new user meets it: build the MNIST MLP from an empty canvas, see shapes,
 * hit a shape error and fix it in one click, undo/redo, save, reload and reopen the same project.
 */
import { expect, saveAsInApp, test } from './fixtures/app';

test.use({ viewport: { width: 1440, height: 900 } });

test('build the MNIST MLP from an empty canvas, fix a shape error, save and reopen it', async ({
  editor,
  page,
}) => {
  page.on('dialog', (d) => void d.accept());
  await editor.shot('first-start');

  await page.getByTestId('project.new').click();
  await editor.expectNodeCount(0);
  await expect(page.getByTestId('project.title')).toHaveText('Untitled');

  const place: [string, number, number][] = [
    ['Dataset', 20, 60],
    ['Input', 260, 60],
    ['Dense', 460, 60],
    ['Dense', 690, 60],
    ['Loss', 460, 300],
    ['Optimizer', 690, 300],
  ];
  for (const [type, x, y] of place) await editor.dragFromPalette(type, { x, y });
  await editor.expectNodeCount(6);
  await editor.shot('nodes-dropped');

  await editor.connect('dataset1', 'input1');
  await editor.connect('input1', 'dense1');
  await editor.connect('dense1', 'dense2');
  await editor.connect('dense2', 'loss1');
  await editor.connect('loss1', 'optimizer1');
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);

  // Params through the inspector, as typed by a user.
  await editor.node('dense1').click();
  await page.getByTestId('inspector.units').fill('128');
  await page.getByTestId('inspector.units').press('Enter');
  await page.getByTestId('inspector.activation').selectOption('relu');
  await editor.node('dense2').click();
  await page.getByTestId('inspector.units').fill('0');
  await page.getByTestId('inspector.units').press('Enter');
  await expect(page.getByTestId('inspector.units.error').first()).toContainText(/units/i);
  await editor.shot('invalid-value-refused');
  await page.getByTestId('inspector.units').fill('10');
  await page.getByTestId('inspector.units').press('Enter');
  await page.getByTestId('inspector.activation').selectOption('softmax');

  // Dense straight after a 28×28×1 input is a shape error with a one-click fix.
  await expect(page.getByTestId('node.dense1.mark')).toBeVisible();
  const fix = page
    .getByTestId('problems.item')
    .filter({ hasText: 'Dense "dense1"' })
    .getByTestId('problems.fix');
  await expect(fix).toHaveText('Insert Flatten');
  await expect(fix).toBeVisible();
  await editor.shot('shape-error');
  await fix.click();
  await editor.expectNodeCount(7);
  await expect(page.getByTestId('node.flatten1.shape')).toHaveText('784');
  await expect(page.getByTestId('node.dense1.shape')).toHaveText('128');
  await expect(page.getByTestId('node.dense2.shape')).toHaveText('10');
  await expect(page.getByTestId('node.dense1.params')).toHaveText('100.5k params');
  await expect(page.getByTestId('node.dense1.mark')).toHaveCount(0);
  await expect(page.getByTestId('status.params')).toHaveText('101,770 params');
  await editor.shot('fixed-with-quick-fix');

  // Undo takes the Flatten out again, redo puts it back.
  await page.getByTestId('canvas').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+z');
  await editor.expectNodeCount(6);
  await expect(page.getByTestId('node.dense1.mark')).toBeVisible();
  await page.keyboard.press('Control+Shift+z');
  await editor.expectNodeCount(7);
  await expect(page.getByTestId('node.dense1.mark')).toHaveCount(0);

  const flattenBefore = await editor.node('flatten1').boundingBox();
  await page.getByTestId('edit.autoLayout').click();
  await expect(page.getByTestId('edit.undo')).toHaveAttribute('title', /Move nodes/);
  await expect.poll(async () => (await editor.node('flatten1').boundingBox())?.x).not.toBe(flattenBefore?.x);
  await editor.shot('auto-layout');
  await expect(page.getByTestId('project.dirty')).toBeVisible();
  await saveAsInApp(page, 'My MLP');
  await expect(page.getByTestId('project.title')).toHaveText('My MLP');
  await expect(page.getByTestId('project.dirty')).toHaveCount(0);
  const saved = await editor.document();

  await page.reload();
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible();
  await page.getByTestId('project.open').click();
  await page.getByTestId('project.open.My MLP').click();
  await editor.expectNodeCount(7);
  expect(await editor.document()).toEqual(saved);
  await editor.shot('reopened');
});

test('palette search, quick-add by name, copy/paste and delete from the keyboard', async ({
  editor,
  page,
}) => {
  page.on('dialog', (d) => void d.accept());
  await page.getByTestId('project.new').click();
  await page.getByTestId('palette.search').fill('conv');
  await expect(page.getByTestId('palette.Conv2D')).toBeVisible();
  await expect(page.getByTestId('palette.Dense')).toHaveCount(0);
  await page.getByTestId('palette.search').press('Enter');
  await editor.expectNodeCount(1);

  await page
    .getByTestId('canvas')
    .locator('.react-flow__pane')
    .dblclick({ position: { x: 200, y: 300 } });
  await page.getByTestId('quickadd.input').fill('drop');
  await page.getByTestId('quickadd.input').press('Enter');
  await editor.expectNodeCount(2);
  await expect(page.getByTestId('node.dropout1')).toBeVisible();

  await editor.node('dropout1').click();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await editor.expectNodeCount(3);
  await page.keyboard.press('Control+d');
  await editor.expectNodeCount(4);
  await page.keyboard.press('Delete');
  await editor.expectNodeCount(3);
  await page.keyboard.press('Control+z');
  await editor.expectNodeCount(4);
  await editor.shot('keyboard-editing');
  await page.getByTestId('theme.toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('project.templates').click();
  await page.getByTestId('template.mnist-cnn').click();
  await expect(page.getByTestId('project.title')).toHaveText('MNIST CNN');
  await expect(page.locator('.react-flow__edge')).toHaveCount(9);

  // Only wires graph-core allows are taken: a Loss cannot feed a layer, a layer can.
  await page.getByTestId('palette.search').fill('');
  await page.locator('.react-flow__controls-fitview').click();
  await editor.dragFromPalette('Dense', { x: 260, y: 470 });
  await editor.connect('loss', 'dense1');
  await expect(page.getByTestId('canvas.refusal')).toContainText('cannot take input from');
  await expect(page.locator('.react-flow__edge')).toHaveCount(9);
  await editor.connect('pool1', 'dense1');
  await expect(page.locator('.react-flow__edge')).toHaveCount(10);
  await editor.node('conv1').click();
  await editor.shot('dark-theme-cnn-template');
  await editor.node('opt').click();
  await expect(page.getByTestId('inspector.learningRate')).toBeVisible();
  await editor.shot('optimizer-inspector');
});

test('unsaved edits are autosaved and offered back after the page is closed', async ({ editor, page }) => {
  page.on('dialog', (d) => void d.accept());
  // Earlier tests in this workspace may have left unsaved work of their own: decline those offers.
  // An offer can also disappear on its own between the check and the click, so never wait on one.
  for (let i = 0; i < 10 && (await page.getByTestId('recovery').isVisible()); i++) {
    await page
      .getByTestId('recovery.discard')
      .click({ timeout: 2000 })
      .catch(() => undefined);
  }
  await expect(page.getByTestId('project.title')).toHaveText('MNIST MLP');
  await editor.dragFromPalette('Dropout', { x: 300, y: 400 });
  await expect(page.getByTestId('project.dirty')).toBeVisible();
  const edited = await editor.document();
  // Autosave runs every two seconds; give it a few beats on a busy machine.
  await page.waitForTimeout(5000);

  await page.reload();
  await expect(page.getByTestId('recovery')).toBeVisible();
  await editor.shot('recovery-offer');
  await page.getByTestId('recovery.restore').click();
  await expect(page.getByTestId('recovery')).toHaveCount(0);
  expect(await editor.document()).toEqual(edited);
  await expect(page.getByTestId('project.dirty')).toBeVisible();
});
