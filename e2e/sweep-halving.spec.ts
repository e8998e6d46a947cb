/**
 * Successive halving in the app (issue 17): a 4-learning-rate sweep of the Iris MLP with eta 2 from
 * 1 epoch trains 4×1, 2×2 and 1×4 epochs; the panel says which variants were stopped at which rung
 * and why, sweep.json says the same in the CLI's format, and a stopped variant continued from the
 * panel trains at the final budget and is shown finished instead of stopped.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSweepState, type SweepState } from '../graph-core/src/experiments';
import { expect, test, type Editor } from './fixtures/app';

async function setParam(editor: Editor, nodeId: string, field: string, value: string) {
  await editor.node(nodeId).click();
  const input = editor.page.getByTestId(`inspector.${field}`);
  await input.fill(value);
  await input.press('Enter');
}

test('a successive-halving sweep stops variants at rungs, says why, and continues one by hand', async ({
  editor,
  page,
  server,
}) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1400, height: 1300 });
  await page.getByTestId('project.templates').click();
  await page.locator('[data-testid^="template."]').filter({ hasText: 'Iris MLP' }).first().click();
  await expect(page.getByTestId('project.title')).toHaveText('Iris MLP');
  await setParam(editor, 'opt', 'epochs', '4');
  await page.getByTestId('training.backendPick').selectOption('cpu');

  await editor.node('opt').click();
  await page.getByTestId('sweep.toggle.opt.learningRate').click();
  const values = page.getByTestId('sweep.param.opt.learningRate.values');
  await values.fill('0.0001, 0.001, 0.01, 0.1');
  await values.press('Enter');
  await page.getByTestId('dock.sweep').click();
  await expect(page.getByTestId('sweep.count')).toContainText('4 variants');

  // Turned on, it starts from eta 3 and a first rung that makes the last one train the graph's 4 epochs.
  await page.getByTestId('sweep.halving.on').check();
  const eta = page.getByTestId('sweep.halving.eta');
  const minEpochs = page.getByTestId('sweep.halving.minEpochs');
  await expect(eta).toHaveValue('3');
  await expect(minEpochs).toHaveValue('1');
  // A wrong eta is named and nothing can start.
  await eta.fill('1');
  await expect(page.getByTestId('sweep.issues')).toContainText(
    'halving.eta must be a whole number from 2 up, found 1.',
  );
  await expect(page.getByTestId('sweep.run')).toBeDisabled();
  await eta.fill('x');
  await expect(page.getByTestId('sweep.halving.eta.error')).toHaveText('eta: type a whole number');
  await eta.fill('2');
  await expect(page.getByTestId('sweep.issues')).toHaveCount(0);
  const summary = page.getByTestId('sweep.halving.summary');
  await expect(summary).toContainText('keeps the best half by val_acc and trains those 2× longer');
  await expect(summary).toContainText('4 variants: at most 12 epochs instead of 16 (a grid at 4 epochs)');
  await expect(summary).toContainText('rung 0: 4×1 epoch · rung 1: 2×2 epochs · rung 2: 1×4 epochs');
  // With seeds per variant the combinations are halved, ranked by their mean: counted in runs.
  await page.getByTestId('sweep.repeats').fill('2');
  await expect(summary).toContainText('8 runs: at most 24 epochs instead of 32 (a grid at 4 epochs)');
  await expect(page.getByTestId('sweep.issues')).toHaveCount(0);
  await page.getByTestId('sweep.repeats').fill('1');
  await expect(page.getByTestId('sweep.count')).toContainText('4 variants');

  const sweepsDir = join(server.workspace, 'sweeps');
  const earlier = new Set(await readdir(sweepsDir).catch(() => [] as string[]));
  await page.getByTestId('sweep.run').click();
  const status = page.getByTestId('sweep.status');
  await expect(status).toHaveAttribute('data-phase', 'finished', { timeout: 100_000 });

  // Two stopped at rung 0, one at rung 1, one left: each stopped row says where and why.
  const rows = page.locator('[data-testid^="sweep.variant."]');
  await expect(rows).toHaveCount(4);
  await expect(page.locator('[data-testid^="sweep.variant."][data-stopped="0"]')).toHaveCount(2);
  await expect(page.locator('[data-testid^="sweep.variant."][data-stopped="1"]')).toHaveCount(1);
  const winner = page.locator('[data-testid^="sweep.variant."]:not([data-stopped])');
  await expect(winner).toHaveCount(1);
  await expect(winner).toHaveAttribute('data-rung', '2');
  await expect(winner.locator('.variant-rung')).toHaveText('finished at rung 2 (4 epochs, final)');
  const stoppedAt0 = page.locator('[data-testid^="sweep.variant."][data-stopped="0"]').first();
  const stoppedId = ((await stoppedAt0.getAttribute('data-testid')) ?? '').replace('sweep.variant.', '');
  await expect(page.getByTestId(`sweep.rung.${stoppedId}`)).toContainText(
    /^stopped at rung 0 \(1 epoch\): val accuracy [\d.]+ ranked [34] of 4; kept the top 2/,
  );
  await expect(page.locator('[data-testid^="sweep.variant."][data-stopped="1"] .variant-rung')).toContainText(
    /^stopped at rung 1 \(2 epochs\): val accuracy [\d.]+ ranked 2 of 2; kept the top 1/,
  );
  await expect(page.getByTestId(`sweep.status.${stoppedId}`)).toContainText('stopped at rung 0 (1 epoch)');
  // As a user would to read the whole panel: the dock pulled up, then its two columns in view.
  const grip = page.getByTestId('dock.resize');
  await grip.focus();
  for (let i = 0; i < 8; i++) await grip.press('Shift+ArrowUp');
  await page.getByTestId('sweep.variants').scrollIntoViewIfNeeded();
  await editor.shot('sweep-halving-variants');
  await page.getByTestId('sweep.ranking').scrollIntoViewIfNeeded();
  await editor.shot('sweep-halving-ranking');

  // On disk, in the CLI's format (HOST.md): spec.halving, each variant's rung, earlierRungs, stoppedAt.
  const sweepId = (await readdir(sweepsDir)).find((d) => !earlier.has(d));
  expect(sweepId).toBeDefined();
  const read = async (): Promise<SweepState> => {
    const parsed = parseSweepState(await readFile(join(sweepsDir, sweepId!, 'sweep.json'), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  };
  const finished = await read();
  expect(finished.spec.halving).toEqual({ eta: 2, minEpochs: 1 });
  expect(finished.variants.map((v) => v.status)).toEqual(['done', 'done', 'done', 'done']);
  expect(finished.variants.map((v) => v.stoppedAt?.rung ?? 'kept').sort()).toEqual([0, 0, 1, 'kept']);
  const saved = finished.variants.find((v) => v.id === stoppedId)!;
  expect(saved.rung).toBe(0);
  expect(saved.stoppedAt?.epochs).toBe(1);
  await expect(page.getByTestId(`sweep.rung.${stoppedId}`)).toContainText(
    saved.stoppedAt!.reason.replace(' at rung 0 (1 epoch)', ''),
  );
  const top = finished.variants.find((v) => !v.stoppedAt)!;
  expect(top.earlierRungs?.map((r) => [r.rung, r.epochs])).toEqual([
    [0, 1],
    [1, 2],
  ]);

  // Every run of the sweep trained its rung's epochs: 4×1, 2×2, 1×4.
  const runEpochs = async () => {
    const epochs: number[] = [];
    for (const dir of await readdir(join(server.workspace, 'runs'))) {
      const at = join(server.workspace, 'runs', dir);
      const meta = JSON.parse(await readFile(join(at, 'meta.json'), 'utf8')) as { sweepId: string | null };
      if (meta.sweepId !== sweepId) continue;
      const sum = JSON.parse(await readFile(join(at, 'summary.json'), 'utf8')) as { epochs: number };
      epochs.push(sum.epochs);
    }
    return epochs.sort((a, b) => a - b);
  };
  expect(await runEpochs()).toEqual([1, 1, 1, 1, 2, 2, 4]);

  // Continue the stopped variant: it trains at the final budget, and its result replaces the stop.
  await page.getByTestId(`sweep.continue.${stoppedId}`).click();
  await expect(status).toHaveAttribute('data-phase', 'finished', { timeout: 60_000 });
  const continued = page.getByTestId(`sweep.variant.${stoppedId}`);
  await expect(continued).not.toHaveAttribute('data-stopped');
  await expect(continued).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId(`sweep.rung.${stoppedId}`)).toHaveText(
    'finished at rung 2 (4 epochs, final), continued from rung 0',
  );
  await expect(page.getByTestId(`sweep.continue.${stoppedId}`)).toHaveCount(0);
  await expect(page.getByTestId(`sweep.status.${stoppedId}`)).toHaveText('completed');
  await page.getByTestId('sweep.variants').scrollIntoViewIfNeeded();
  await editor.shot('sweep-halving-continued');

  const after = await read();
  const again = after.variants.find((v) => v.id === stoppedId)!;
  expect(again.stoppedAt).toBeUndefined();
  expect(again).toMatchObject({ status: 'done', rung: 2, runStatus: 'completed' });
  expect(again.earlierRungs).toEqual([{ rung: 0, epochs: 1, runDir: saved.runDir, final: saved.final }]);
  expect(again.runDir).not.toBe(saved.runDir);
  expect(after.variants.filter((v) => v.stoppedAt)).toHaveLength(2);
  expect(await runEpochs()).toEqual([1, 1, 1, 1, 2, 2, 4, 4]);
});
