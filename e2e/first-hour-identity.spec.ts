/**
 * Issue 13, item 3: a project has its identity from creation. Runs trained before the first save
 * follow the project when it is saved under a name (they used to stay under the template's or
 * "Untitled"'s name, mixed with every other unsaved project's).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, saveAsInApp, test } from './fixtures/app';

test.use({ viewport: { width: 1440, height: 900 } });

test('runs made before the first save belong to the project after saving', async ({
  editor,
  page,
  server,
}) => {
  page.on('dialog', (d) => void d.accept());
  await page.getByTestId('project.templates').click();
  await page.locator('[data-testid^="template."]').filter({ hasText: 'Iris MLP' }).first().click();
  await expect(page.getByTestId('project.title')).toHaveText('Iris MLP');
  await editor.node('opt').click();
  await page.getByTestId('inspector.epochs').fill('2');
  await page.getByTestId('inspector.epochs').press('Enter');
  await page.getByTestId('training.backendPick').selectOption('cpu');
  await page.getByTestId('training.train').click();
  await expect(page.getByTestId('training.status')).toHaveText('completed', { timeout: 120_000 });

  // The run this test trained (other journeys in this worker's workspace trained Iris MLP too).
  const runId = (await page.getByTestId('training.runId').textContent())!.replace('runs/', '');
  await page.getByTestId('dock.runs').click();
  await expect(page.getByTestId(`runs.row.${runId}`)).toBeVisible();

  await saveAsInApp(page, 'Flowers');
  await expect(page.getByTestId('project.title')).toHaveText('Flowers');
  // The Runs tab lists this project's runs: the run came along.
  await expect(page.getByTestId(`runs.row.${runId}`)).toBeVisible();
  await editor.shot('run-follows-the-saved-project');
  const meta = JSON.parse(await readFile(join(server.workspace, 'runs', runId, 'meta.json'), 'utf8')) as {
    projectName: string;
    projectId: string | null;
  };
  expect(meta.projectName).toBe('Flowers');
  expect(meta.projectId).not.toBeNull();

  // Its exports carry the project's new name, not the "Iris MLP" baked into the run id.
  const download = page.waitForEvent('download');
  await page.getByTestId(`runs.export.${runId}`).click();
  await page.getByTestId(`runs.export.${runId}.onnx`).click();
  expect((await download).suggestedFilename()).toMatch(/^Flowers-\d{8}-\d{6}-[0-9a-f]{6}-onnx\.zip$/);
});
