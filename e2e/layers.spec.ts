/**
 * The layers the imports need, as a user meets them: found in the palette under their sub-group,
 * dropped and wired, with shapes and counts from graph-core; freezing a layer through its Trainable
 * switch moves its params to non-trainable in the inspector and the status bar.
 */
import { expect, test } from './fixtures/app';

const chain = ['data', 'in', 'dw', 'pool', 'head', 'loss', 'opt'];
const DEPTHWISE_BLOCK = {
  format: 'layerloom',
  version: 1,
  name: 'Depthwise block',
  nodes: [
    { id: 'data', type: 'Dataset', params: { source: 'mnist' } },
    { id: 'in', type: 'Input', params: {} },
    { id: 'dw', type: 'DepthwiseConv2D', params: {} },
    { id: 'pool', type: 'GlobalMaxPooling2D', params: {} },
    { id: 'head', type: 'Dense', params: { units: 10, activation: 'softmax' } },
    { id: 'loss', type: 'Loss', params: {} },
    { id: 'opt', type: 'Optimizer', params: {} },
  ].map((n, i) => ({ ...n, position: { x: 40 + (i % 4) * 200, y: 40 + Math.floor(i / 4) * 160 } })),
  edges: chain.slice(1).map((target, i) => ({ id: `e${i}`, source: chain[i], target })),
};

test('a depthwise block from the palette shows its shapes, and freezing counts its params as non-trainable', async ({
  editor,
  page,
}) => {
  page.on('dialog', (d) => void d.accept());
  await page.getByTestId('project.new').click();
  await editor.expectNodeCount(0);
  await expect(
    page.getByRole('group', { name: 'Convolution' }).getByTestId('palette.DepthwiseConv2D'),
  ).toBeVisible();
  await expect(
    page.getByRole('group', { name: 'Pooling' }).getByTestId('palette.GlobalMaxPooling2D'),
  ).toBeVisible();

  await editor.dragFromPalette('DepthwiseConv2D', { x: 200, y: 120 });
  await expect(editor.node('depthwiseconv2d_1')).toBeVisible();

  // The rest of the block as data: MNIST → depthwise conv → global max pool → Dense head.
  await page.evaluate(
    (json) => window.__layerloomEditor?.store.load(JSON.parse(json), null),
    JSON.stringify(DEPTHWISE_BLOCK),
  );
  await editor.expectNodeCount(7);
  // MNIST 28×28×1 through a 3×3 depthwise conv with depth multiplier 4.
  await editor.node('dw').click();
  await page.getByTestId('inspector.depthMultiplier').fill('4');
  await page.getByTestId('inspector.depthMultiplier').press('Enter');
  await expect(page.getByTestId('node.dw.shape')).toHaveText('26×26×4');
  await expect(page.getByTestId('node.pool.shape')).toHaveText('4');
  await expect(page.getByTestId('inspector.params')).toHaveText('40 params');

  await editor.node('head').click();
  await expect(page.getByTestId('status.params')).toHaveText('90 params');
  await expect(page.getByTestId('status.nonTrainable')).toHaveCount(0);

  await page.getByTestId('inspector.trainable').uncheck();
  await expect(page.getByTestId('inspector.params')).toHaveText('50 params, all non-trainable');
  await expect(page.getByTestId('status.nonTrainable')).toHaveText('50 non-trainable');
  await expect(page.getByTestId('status.problems')).toContainText('0 errors');
  const doc = (await editor.document()) as { nodes: { id: string; params: Record<string, unknown> }[] };
  expect(doc.nodes.find((n) => n.id === 'head')?.params['trainable']).toBe(false);
  await editor.shot('dense-frozen');
});
