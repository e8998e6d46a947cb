/**
 * Export from the app, as a user would in browser mode: train a tiny run, export it from the Runs
 * panel (tfjs, ONNX, PyTorch and the offline HTML page) and the open graph from the canvas's Export
 * menu; each format lands in the workspace's exports/<name>/ and downloads as one zip.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Download, Page } from '@playwright/test';
import { expect, test, type Editor } from './fixtures/app';

async function setParam(editor: Editor, nodeId: string, field: string, value: string) {
  await editor.node(nodeId).click();
  const input = editor.page.getByTestId(`inspector.${field}`);
  await input.fill(value);
  await input.press('Enter');
}

/** Chooses `entry` in the Export menu `menu` and returns the download it starts. */
async function exportFrom(page: Page, menu: string, entry: string): Promise<Download> {
  const download = page.waitForEvent('download');
  await page.getByTestId(menu).click();
  await page.getByTestId(`${menu}.${entry}`).click();
  return download;
}

async function zipEntries(download: Download): Promise<Record<string, Uint8Array>> {
  return unzipSync(new Uint8Array(await readFile((await download.path()) ?? '')));
}

test('exports a trained run and the open graph in every format, to exports/ and as one zip each', async ({
  editor,
  page,
  server,
}) => {
  await page.getByTestId('training.backendPick').selectOption('cpu');
  await page.getByTestId('project.templates').click();
  await page.locator('[data-testid^="template."]').filter({ hasText: 'Iris MLP' }).first().click();
  await expect(page.getByTestId('project.title')).toHaveText('Iris MLP');
  await setParam(editor, 'opt', 'epochs', '2');
  await page.getByTestId('training.train').click();
  await expect(page.getByTestId('training.status')).toHaveText('completed', { timeout: 120_000 });
  const runId = (await page.getByTestId('training.runId').textContent())!.replace('runs/', '');
  const trainedWeights = await readFile(join(server.workspace, 'runs', runId, 'model', 'weights.bin'));

  await page.getByTestId('dock.runs').click();
  const menu = `runs.export.${runId}`;
  // Named after the project as it is called now, with the run's time and suffix.
  const base = `Iris MLP-${runId.replace(/^(\d{8}-\d{6})-.*-([0-9a-f]{6})$/, '$1-$2')}`;

  // tfjs: the run's own trained weights, byte for byte, beside a model.json.
  const tfjs = await exportFrom(page, menu, 'tfjs');
  expect(tfjs.suggestedFilename()).toBe(`${base}-tfjs.zip`);
  const tfjsZip = await zipEntries(tfjs);
  expect(Object.keys(tfjsZip).sort()).toEqual([`${base}-tfjs/model.json`, `${base}-tfjs/weights.bin`]);
  expect(Buffer.from(tfjsZip[`${base}-tfjs/weights.bin`]!).equals(trainedWeights)).toBe(true);
  await expect(page.getByTestId('runs.message')).toHaveText(
    `tfjs weights written to exports/${base}-tfjs/ in the workspace and downloaded as ${base}-tfjs.zip`,
  );
  expect((await readdir(join(server.workspace, 'exports', `${base}-tfjs`))).sort()).toEqual([
    'model.json',
    'weights.bin',
  ]);

  // ONNX: one model.onnx, a protobuf whose graph names the graph's nodes.
  const onnx = await exportFrom(page, menu, 'onnx');
  expect(onnx.suggestedFilename()).toBe(`${base}-onnx.zip`);
  const onnxZip = await zipEntries(onnx);
  expect(Object.keys(onnxZip)).toEqual([`${base}-onnx/model.onnx`]);
  const onnxText = Buffer.from(onnxZip[`${base}-onnx/model.onnx`]!).toString('latin1');
  expect(onnxText).toContain('hidden');
  expect(onnxText).toContain('out');

  // PyTorch: the project, with the model named after the graph's nodes and the run's data.
  const pytorch = await exportFrom(page, menu, 'pytorch');
  expect(pytorch.suggestedFilename()).toBe(`${base}-pytorch.zip`);
  const torchZip = await zipEntries(pytorch);
  for (const file of ['model.py', 'weights.npz', 'data.py', 'data.npz', 'train.py', 'README.md'])
    expect(Object.keys(torchZip)).toContain(`${base}-pytorch/${file}`);
  const modelPy = Buffer.from(torchZip[`${base}-pytorch/model.py`]!).toString('utf8');
  expect(modelPy).toContain('class Model(');
  expect(modelPy).toMatch(/self\.hidden = /);
  expect((await readdir(join(server.workspace, 'exports', `${base}-pytorch`))).sort()).toEqual(
    Object.keys(torchZip)
      .map((n) => n.slice(`${base}-pytorch/`.length))
      .sort(),
  );

  // The offline page, from the same menu.
  const html = await exportFrom(page, menu, 'html');
  expect(html.suggestedFilename()).toBe(`${runId}.html`);

  // The canvas: the open graph with the weights it would start from.
  const canvas = await exportFrom(page, 'canvas.export', 'tfjs');
  expect(canvas.suggestedFilename()).toBe('Iris MLP-tfjs.zip');
  expect(Object.keys(await zipEntries(canvas)).sort()).toEqual([
    'Iris MLP-tfjs/model.json',
    'Iris MLP-tfjs/weights.bin',
  ]);
  await expect(page.getByTestId('canvas.exportNote')).toContainText('downloaded as Iris MLP-tfjs.zip');
});

test('the Export menu at the end of the top bar opens inside the window, every entry readable', async ({
  editor,
  page,
}) => {
  await expect(editor.node('opt')).toBeVisible();
  await page.getByTestId('canvas.export').click();
  const width = page.viewportSize()!.width;
  for (const entry of ['pytorch', 'onnx', 'tfjs']) {
    const box = (await page.getByTestId(`canvas.export.${entry}`).boundingBox())!;
    expect(box.x, `${entry} starts inside the window`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${entry} ends inside the window`).toBeLessThanOrEqual(width);
  }
});
