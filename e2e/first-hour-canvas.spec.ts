/**
 * Issue 13, item 2: every sample opens with all its nodes on screen at a readable zoom, wires run
 * the way the ports face (a wrapped row is routed through the gap, not curled across nodes), and
 * the palette, inspector and dock collapse, which is remembered across a reload.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/app';

test.use({ viewport: { width: 1440, height: 900 } });

const SAMPLES = ['mnist-mlp', 'mnist-cnn', 'mnist-lstm', 'iris-mlp', 'residual-mlp', 'spiral-classifier'];

async function zoom(page: Page): Promise<number> {
  const transform = await page
    .locator('.react-flow__viewport')
    .evaluate((el) => getComputedStyle(el).transform);
  const m = /matrix\(([^,]+),/.exec(transform);
  return m ? Number(m[1]) : 1;
}

/** Every node's box lies inside the canvas' box, clear of the zoom controls in its corner. */
async function expectAllNodesOnScreen(page: Page): Promise<void> {
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  const controls = (await page.locator('.react-flow__controls').boundingBox())!;
  const boxes = await page.locator('.react-flow__node').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { id: e.getAttribute('data-id'), left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    }),
  );
  expect(boxes.length).toBeGreaterThan(2);
  for (const b of boxes) {
    expect(b.left, `${b.id} left`).toBeGreaterThanOrEqual(canvas.x - 1);
    expect(b.right, `${b.id} right`).toBeLessThanOrEqual(canvas.x + canvas.width + 1);
    expect(b.top, `${b.id} top`).toBeGreaterThanOrEqual(canvas.y - 1);
    expect(b.bottom, `${b.id} bottom`).toBeLessThanOrEqual(canvas.y + canvas.height + 1);
    const clear =
      b.right <= controls.x ||
      b.left >= controls.x + controls.width ||
      b.bottom <= controls.y ||
      b.top >= controls.y + controls.height;
    expect(clear, `${b.id} is not under the zoom controls`).toBe(true);
  }
}

/** No curved wire runs backwards: a wire into a node left of its source is drawn in right angles. */
async function expectNoWireLoopsBack(page: Page): Promise<void> {
  const wires = await page.evaluate(() => {
    const doc = window.__layerloomEditor?.store.getState().doc;
    const x = new Map(doc?.nodes.map((n) => [n.id, n.position?.x ?? 0]));
    return (doc?.edges ?? []).map((e) => ({
      id: e.id,
      back: (x.get(e.target) ?? 0) < (x.get(e.source) ?? 0),
    }));
  });
  for (const w of wires.filter((w) => w.back)) {
    await expect(
      page.locator(`.react-flow__edge[data-id="${w.id}"] path.react-flow__edge-path`),
    ).toHaveAttribute(
      'd',
      /^M[^C]*$/, // straight segments and arcs of a step path, no bezier curve
    );
  }
}

test('every sample opens with all its nodes on screen at a readable zoom, at two window sizes', async ({
  editor,
  page,
}) => {
  for (const [width, height, id] of [
    ...SAMPLES.map((id) => [1440, 900, id] as const),
    ...SAMPLES.map((id) => [1280, 720, id] as const),
  ]) {
    await page.setViewportSize({ width, height });
    await page.getByTestId('project.templates').click();
    await page.getByTestId(`template.${id}`).click();
    await expect(page.getByTestId('project.title')).not.toHaveText('Untitled');
    // The framing settles after the nodes are measured (and, for a long chain, laid out again).
    await expect
      .poll(() => zoom(page), { message: `${id} at ${width}×${height}` })
      .toBeGreaterThanOrEqual(0.75);
    await page.waitForTimeout(400);
    await expectAllNodesOnScreen(page);
    await expectNoWireLoopsBack(page);
    await editor.shot(`opened-${id}-${width}`);
  }
});

test('the palette, the inspector and the dock collapse, and stay so after a reload', async ({
  editor,
  page,
}) => {
  const before = (await page.getByTestId('canvas').boundingBox())!;
  await page.getByTestId('view.palette').click();
  await page.getByTestId('view.inspector').click();
  await page.getByTestId('dock.toggle').click();
  await expect(page.getByTestId('inspector')).toBeHidden();
  await expect(page.locator('.palette')).toBeHidden();
  const after = (await page.getByTestId('canvas').boundingBox())!;
  expect(after.width).toBeGreaterThan(before.width + 400);
  expect(after.height).toBeGreaterThan(before.height + 150);
  await editor.shot('collapsed');

  await page.reload();
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible();
  await expect(page.getByTestId('inspector')).toBeHidden();
  await expect(page.locator('.palette')).toBeHidden();
  await expect(page.locator('.dock-body')).toHaveCount(0);

  await page.getByTestId('view.palette').click();
  await page.getByTestId('view.inspector').click();
  await page.getByTestId('dock.toggle').click();
  await expect(page.getByTestId('inspector')).toBeVisible();
  await expect(page.locator('.dock-body')).toBeVisible();
});
