/**
 * Issue 13, item 1: a node that is not wired in yet is "not connected yet" (a warning), never an
 * error, never blocks Train and is never offered for deletion. The journey builds the MNIST MLP
 * from an empty canvas as a new user would, counting actions, and after every step checks that no
 * node that is not yet on the Dataset → Loss path shows an error.
 */
import { expect, test } from './fixtures/app';

test.use({ viewport: { width: 1440, height: 900 } });

test('build the MNIST MLP from an empty canvas: no error on a node before it is wired', async ({
  editor,
  page,
}) => {
  let actions = 0;
  const errorsOnNodes = page.locator('.layer-node.has-error');
  const removeFixes = page.getByTestId('problems.fix').filter({ hasText: /^Remove/ });

  await page.getByTestId('project.new').click();
  actions += 1;
  await editor.expectNodeCount(0);

  const place: [string, number, number][] = [
    ['Dataset', 20, 60],
    ['Input', 290, 60],
    ['Flatten', 500, 60],
    ['Dense', 690, 60],
    ['Dense', 20, 300],
    ['Loss', 260, 300],
    ['Optimizer', 520, 300],
  ];
  for (const [type, x, y] of place) {
    await editor.dragFromPalette(type, { x, y });
    actions += 1;
    // The issue's case: a fresh, unwired Flatten next to an Input said "already flat: remove the
    // Flatten" (an error) and offered to delete it.
    await expect(errorsOnNodes).toHaveCount(0);
    await expect(removeFixes).toHaveCount(0);
  }
  await editor.expectNodeCount(7);
  await expect(editor.node('flatten1').getByTestId('node.flatten1.mark')).toHaveText('!');
  await expect(editor.node('flatten1').locator('.layer-tip')).toContainText('not connected yet');
  await editor.shot('all-dropped-none-wired');

  const wires: [string, string][] = [
    ['dataset1', 'input1'],
    ['input1', 'flatten1'],
    ['flatten1', 'dense1'],
    ['dense1', 'dense2'],
    ['dense2', 'loss1'],
    ['loss1', 'optimizer1'],
  ];
  const wired = new Set<string>();
  for (const [from, to] of wires) {
    await editor.connect(from, to);
    actions += 1;
    wired.add(from).add(to);
    // Wired nodes may now be blamed for real (Dense's 32 units against MNIST's 10 classes); the rest not.
    for (const [id] of wires.filter(([id]) => !wired.has(id)))
      await expect(editor.node(id)).not.toHaveClass(/has-error/);
    await expect(editor.node('optimizer1')).not.toHaveClass(/has-error/);
    await expect(removeFixes).toHaveCount(0);
  }
  await expect(page.locator('.react-flow__edge')).toHaveCount(6);

  const set = async (node: string, units: string, activation: string) => {
    await editor.node(node).click();
    await page.getByTestId('inspector.units').fill(units);
    await page.getByTestId('inspector.units').press('Enter');
    await page.getByTestId('inspector.activation').selectOption(activation);
    actions += 3;
  };
  await set('dense1', '128', 'relu');
  await set('dense2', '10', 'softmax');
  await expect(page.getByTestId('node.dense2.shape')).toHaveText('10');
  await expect(page.getByTestId('status.params')).toHaveText('101,770 params');
  await expect(errorsOnNodes).toHaveCount(0);

  // A stray node dropped now is a warning and Train stays available.
  await editor.dragFromPalette('Flatten', { x: 300, y: 420 });
  actions += 1;
  await expect(errorsOnNodes).toHaveCount(0);
  await expect(removeFixes).toHaveCount(0);
  await expect(page.getByTestId('training.train')).toBeEnabled();
  await editor.shot('wired-with-a-stray-flatten');

  // 1 New + 8 drops + 6 wires + 6 inspector edits.
  expect(actions).toBe(21);
  test.info().annotations.push({ type: 'actions', description: String(actions) });
});

test('a pasted group of unwired nodes is a warning, like a single loose node', async ({ editor, page }) => {
  await expect(page.getByTestId('training.train')).toBeEnabled();
  const ids = await page.evaluate(() => {
    const handle = window.__layerloomEditor;
    return handle ? handle.store.getState().doc.nodes.map((n) => n.id) : [];
  });
  expect(ids.length).toBeGreaterThan(3);
  // Select two wired layers of the sample and copy/paste them: the copies are wired to each other only.
  await editor.node('flat').click();
  await editor.node('d1').click({ modifiers: ['Control'] });
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(2);
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await editor.expectNodeCount(ids.length + 2);
  await expect(page.locator('.layer-node.has-error')).toHaveCount(0);
  await expect(page.getByTestId('training.train')).toBeEnabled();
  await editor.shot('pasted-group');
});
