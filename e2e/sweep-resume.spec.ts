/**
 * A sweep stopped after its first variant, the page reloaded, and the sweep resumed from the Sweep
 * tab: it finishes with every variant done, and the variant that had finished is not trained again.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Editor } from './fixtures/app';

interface SavedSweep {
  variants: { id: string; status: string; error?: string; runDir?: string }[];
}

async function setParam(editor: Editor, nodeId: string, field: string, value: string) {
  await editor.node(nodeId).click();
  const input = editor.page.getByTestId(`inspector.${field}`);
  await input.fill(value);
  await input.press('Enter');
}

test('stops a sweep after its first variant and resumes it after a reload', async ({
  editor,
  page,
  server,
}) => {
  test.setTimeout(90_000);
  // The reload must go ahead although the edited template is unsaved.
  page.on('dialog', (d) => void d.accept());
  await page.getByTestId('project.templates').click();
  await page.locator('[data-testid^="template."]').filter({ hasText: 'MNIST MLP' }).first().click();
  await expect(page.getByTestId('project.title')).toHaveText('MNIST MLP');
  await setParam(editor, 'data', 'limit', '300');
  await setParam(editor, 'opt', 'epochs', '1');
  await page.getByTestId('training.backendPick').selectOption('cpu');

  await editor.node('a1').click();
  await page.getByTestId('sweep.toggle.a1.activation').click();
  await page.getByTestId('sweep.param.a1.activation.option.sigmoid').check();
  await page.getByTestId('dock.sweep').click();
  await expect(page.getByTestId('sweep.count')).toContainText('2 variants');
  // Other journeys share this workspace and may have left sweeps of their own.
  const earlier = new Set(await readdir(join(server.workspace, 'sweeps')).catch(() => [] as string[]));
  await page.getByTestId('sweep.run').click();

  // Stop as soon as the first variant is recorded: the second is starting or training then.
  const variants = page.locator('[data-testid^="sweep.variant."]');
  await expect(variants.first()).toHaveAttribute('data-status', 'done', { timeout: 45_000 });
  await page.getByTestId('sweep.stop').click();
  await expect(page.getByTestId('sweep.status')).toHaveAttribute('data-phase', 'stopped', {
    timeout: 20_000,
  });
  await expect(variants.nth(1)).toHaveAttribute('data-status', 'pending');

  const sweepId = (await readdir(join(server.workspace, 'sweeps'))).find((d) => !earlier.has(d));
  const read = async () =>
    JSON.parse(
      await readFile(join(server.workspace, 'sweeps', sweepId!, 'sweep.json'), 'utf8'),
    ) as SavedSweep;
  const stopped = await read();
  expect(stopped.variants.map((v) => v.status)).toEqual(['done', 'pending']);
  const firstRun = stopped.variants[0]!.runDir;
  await editor.shot('sweep-stopped');

  await page.reload();
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible();
  // A later start opens no sample: the edited, unsaved template comes back from its autosave.
  await page.getByTestId('recovery.restore').click();
  await expect(page.getByTestId('project.title')).toContainText('MNIST MLP');
  await page.getByTestId('dock.sweep').click();
  await expect(page.getByTestId('sweep.status')).toHaveAttribute('data-phase', 'stopped');
  await expect(page.getByTestId('sweep.status')).toContainText('1/2 done');
  await page.getByTestId('sweep.resume').click();
  await expect(page.getByTestId('sweep.status')).toHaveAttribute('data-phase', 'finished', {
    timeout: 45_000,
  });
  await editor.shot('sweep-resumed');

  const finished = await read();
  expect(finished.variants.map((v) => `${v.status}${v.error ?? ''}`)).toEqual(['done', 'done']);
  expect(finished.variants[0]!.runDir).toBe(firstRun);
  // Every run of the sweep, by the variant it trained: the first variant ran exactly once.
  const names: string[] = [];
  for (const dir of await readdir(join(server.workspace, 'runs'))) {
    const meta = JSON.parse(await readFile(join(server.workspace, 'runs', dir, 'meta.json'), 'utf8')) as {
      name: string;
      sweepId: string | null;
    };
    if (meta.sweepId === sweepId) names.push(meta.name);
  }
  const [v1, v2] = finished.variants.map((v) => v.id);
  expect(names.filter((n) => n.includes(` ${v1}: `))).toHaveLength(1);
  expect(names.filter((n) => n.includes(` ${v2}: `)).length).toBeGreaterThanOrEqual(1);
});
