/**
 * Issue 16 in the app: a model trained elsewhere (here: a tfjs model.json + weights.bin that the
 * CLI wrote into a run folder) comes in through Open → Import model…, opens as a graph with shapes,
 * a layer is frozen (drawn dashed), another reset to fresh weights, and the imported project trains.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures/app';
import { REPO_ROOT } from './fixtures/build';

test.use({ viewport: { width: 1440, height: 900 } });

test('imports a tfjs model with its weights, shows its shapes, freezes a layer and trains it', async ({
  editor,
  page,
  server,
}) => {
  // A model made outside the app: the CLI trains the Iris sample and keeps it as tfjs layers files.
  const run = join(mkdtempSync(join(tmpdir(), 'layerloom-import-e2e-')), 'run');
  execFileSync(
    process.execPath,
    [
      join(REPO_ROOT, 'dist', 'cli', 'layerloom.mjs'),
      'train',
      join(REPO_ROOT, 'assets', 'samples', 'iris-mlp.layerloom'),
      '--epochs',
      '2',
      '--backend',
      'cpu',
      '--out',
      run,
    ],
    { stdio: 'ignore' },
  );
  const modelDir = join(run, 'model');
  expect(readdirSync(modelDir).sort()).toEqual(['model.json', 'weights.bin']);

  page.on('dialog', (d) => void d.accept());
  await page.getByTestId('training.backendPick').selectOption('cpu');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('project.open').click();
  await page.getByTestId('project.importModel').click();
  await (await chooser).setFiles([join(modelDir, 'model.json'), join(modelDir, 'weights.bin')]);

  // The layers keep their names as node ids, with shapes; the importer adds data, loss and optimizer.
  await expect(editor.node('hidden')).toBeVisible();
  await expect(editor.node('out')).toBeVisible();
  await expect(page.getByTestId('node.hidden.shape')).toHaveText('16');
  await expect(page.getByTestId('node.out.shape')).toHaveText('3');
  await expect(page.getByTestId('status.problems')).toContainText('0 errors');
  // Saved into the workspace's projects/ with its weights beside it.
  const projects = readdirSync(join(server.workspace, 'projects'));
  expect(projects.some((f) => f.endsWith('.layerloom'))).toBe(true);
  expect(projects.some((f) => f.endsWith('.weights'))).toBe(true);
  await editor.shot('imported');

  // Freeze everything above the output layer: the hidden layer's 4×16 + 16 weights stop training.
  await editor.node('hidden').click();
  await expect(page.getByTestId('inspector.importedWeights')).toBeVisible();
  await editor.node('out').click();
  await page.getByTestId('inspector.freezeAbove').click();
  await expect(page.getByTestId('status.nonTrainable')).toHaveText('80 non-trainable');
  await expect(editor.node('hidden')).toHaveClass(/\bfrozen\b/);
  await expect(editor.node('out')).not.toHaveClass(/\bfrozen\b/);

  // The output layer is reset to a fresh start (undoable); the frozen hidden layer keeps its weights.
  await editor.node('out').click();
  await page.getByTestId('inspector.resetWeights').click();
  await expect(page.getByTestId('inspector.importedWeights')).toHaveCount(0);
  await editor.node('hidden').click();
  await expect(page.getByTestId('inspector.importedWeights')).toBeVisible();

  await editor.node('optimizer').click();
  await page.getByTestId('inspector.epochs').fill('2');
  await page.getByTestId('inspector.epochs').press('Enter');
  await page.getByTestId('training.train').click();
  await expect(page.getByTestId('training.status')).toHaveText('completed', { timeout: 120_000 });
  await editor.shot('trained');
});
