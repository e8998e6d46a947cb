/**
 * Issue 13, item 7: paste, duplicate and Enter-add put nodes in free space, and Enter-add after a
 * selected node wires the new node in after it.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/app';

test.use({ viewport: { width: 1440, height: 900 } });

async function overlapping(page: Page): Promise<string[]> {
  return page.locator('.react-flow__node').evaluateAll((els) => {
    const boxes = els.map((e) => ({ id: e.getAttribute('data-id') ?? '', r: e.getBoundingClientRect() }));
    const hits: string[] = [];
    for (const a of boxes)
      for (const b of boxes) {
        if (a.id >= b.id) continue;
        const apart =
          a.r.right <= b.r.left || b.r.right <= a.r.left || a.r.bottom <= b.r.top || b.r.bottom <= a.r.top;
        if (!apart) hits.push(`${a.id}×${b.id}`);
      }
    return hits;
  });
}

test('paste, duplicate and Enter-add land in free space; Enter-add wires after the selection', async ({
  editor,
  page,
}) => {
  await expect(page.getByTestId('project.title')).toHaveText('MNIST MLP');
  expect(await overlapping(page)).toEqual([]);

  await editor.node('d1').click();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await editor.expectNodeCount(10);
  await page.keyboard.press('Control+v');
  await editor.expectNodeCount(11);
  expect(await overlapping(page)).toEqual([]);

  await editor.node('a1').click();
  await page.keyboard.press('Control+d');
  await editor.expectNodeCount(12);
  expect(await overlapping(page)).toEqual([]);
  await editor.shot('pasted-and-duplicated');

  // Select the last layer before the Loss, then add a Dropout from the palette with Enter.
  await editor.node('a2').click();
  const edges = await page.locator('.react-flow__edge').count();
  await page.getByTestId('palette.search').fill('Dropout');
  await page.getByTestId('palette.search').press('Enter');
  await editor.expectNodeCount(13);
  await expect(page.locator('.react-flow__edge')).toHaveCount(edges + 1);
  const doc = (await editor.document()) as {
    nodes: { id: string; type: string }[];
    edges: { source: string; target: string }[];
  };
  const dropout = doc.nodes.find((n) => n.type === 'Dropout');
  expect(doc.edges.some((e) => e.source === 'a2' && e.target === dropout?.id)).toBe(true);
  expect(await overlapping(page)).toEqual([]);
  await editor.shot('enter-added-after-a2');

  // Enter-add again and again: each lands after the last, further right, and the view follows so
  // the new node is always on screen (it would run off the canvas's right edge otherwise).
  const canvas = (await page.locator('.canvas').boundingBox())!;
  for (let i = 0; i < 5; i++) {
    await page.getByTestId('palette.search').fill('Dense');
    await page.getByTestId('palette.search').press('Enter');
    await editor.expectNodeCount(14 + i);
    const added = ((await editor.document()) as { nodes: { id: string }[] }).nodes.at(-1)!.id;
    const node = editor.node(added);
    await expect
      .poll(
        async () => {
          const box = await node.boundingBox();
          return (
            box !== null &&
            box.x >= canvas.x &&
            box.y >= canvas.y &&
            box.x + box.width <= canvas.x + canvas.width &&
            box.y + box.height <= canvas.y + canvas.height
          );
        },
        `node ${added} (Enter-add ${i + 1}) is in view`,
      )
      .toBe(true);
  }
  await editor.shot('enter-added-scrolled-into-view');
});
