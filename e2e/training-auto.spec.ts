/**
 * Training journeys around a 2-D dataset: the auto backend (its choice and probe numbers, then
 * remembered for the next run), the decision boundary, Predict from typed features and from
 * validation samples, and a run left "running" by a crash shown as interrupted and continued.
 * The main thread's long tasks are measured from the Train click on. Also wasm on its threaded
 * build (XNNPACK threads; two asked for with ?wasmThreads=2, the default here being one) under the
 * app's CSP.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Editor } from './fixtures/app';
import { blockingSince, watchMainThread } from './fixtures/mainThread';

async function setParam(editor: Editor, nodeId: string, field: string, value: string) {
  await editor.node(nodeId).click();
  const input = editor.page.getByTestId(`inspector.${field}`);
  await input.fill(value);
  await input.press('Enter');
}

/** Screenshots also go to LAYERLOOM_SHOTS when set (test-results/ is cleared by other runs). */
async function shot(editor: Editor, name: string) {
  const path = await editor.shot(name);
  const keep = process.env.LAYERLOOM_SHOTS;
  if (keep) await cp(path, join(keep, `${name}.png`));
}

test.describe.configure({ mode: 'serial' });

test('auto picks a backend by probing, the spiral shows its decision boundary, and Predict takes features and samples', async ({
  editor,
  page,
  server,
}) => {
  await watchMainThread(page);
  await page.reload();
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible();
  // A fresh origin per test run: no probe remembered from before.
  await page.evaluate(() => indexedDB.deleteDatabase('layerloom'));
  await page.getByTestId('project.templates').click();
  await page
    .locator('[data-testid^="template."]')
    .filter({ hasText: /spiral/i })
    .first()
    .click();
  await setParam(editor, 'opt', 'epochs', '40');
  await page.getByTestId('training.backendPick').selectOption('auto');

  // Moments of the journey, so a long task can be placed when the check fails.
  const marks: Record<string, number> = {};
  const mark = async (name: string) => {
    marks[name] = Math.round(await page.evaluate(() => performance.now()));
  };
  const t0 = await page.evaluate(() => performance.now());
  await page.getByTestId('training.train').click();
  const probes = page.getByTestId('training.probes');
  await expect(probes).toContainText(/webgl [\d,.]+.*samples\/s/, { timeout: 60_000 });
  await expect(probes).toContainText(/wasm [\d,.]+/);
  await expect(probes).toContainText(/cpu [\d,.]+/);
  await expect(probes).not.toContainText('remembered');
  await mark('probed');
  await expect(page.getByTestId('training.backend')).toHaveText(/^(webgl|wasm|cpu)$/);
  await expect(page.getByTestId('training.status')).toHaveText('completed', { timeout: 90_000 });
  await mark('completed');
  await shot(editor, 'auto-completed');
  const runId = (await page.getByTestId('training.runId').textContent())!.replace('runs/', '');

  // The decision boundary over the data: both classes' regions are painted (each colour covers a
  // sizeable share of the plot, which the small data points alone would not).
  await mark('evaluation tab');
  await page.getByTestId('dock.evaluation').click();
  const boundary = page.getByTestId('eval.boundary');
  await expect(boundary).toBeVisible({ timeout: 30_000 });
  const colours = await boundary.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const counts = new Map<string, number>();
    for (let i = 0; i < d.length; i += 4) {
      const key = `${d[i]},${d[i + 1]},${d[i + 2]},${d[i + 3]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts.values()].filter((n) => n > d.length / 4 / 10).length;
  });
  expect(colours).toBeGreaterThanOrEqual(2);
  await shot(editor, 'spiral-boundary');

  // Predict: typed features, a mistake in them, then a validation sample.
  await mark('predict tab');
  await page.getByTestId('dock.predict').click();
  await expect(page.getByTestId('predict.canvas')).toBeHidden();
  await page.getByTestId('predict.features').fill('0.1, x');
  await page.getByTestId('predict.features.go').click();
  await expect(page.getByTestId('predict.features.error')).toHaveText('Value 2 ("x") is not a number.');
  await page.getByTestId('predict.features').fill('0.1, -0.2');
  await page.getByTestId('predict.features.go').click();
  await expect(page.getByTestId('predict.top')).toHaveText(/^[01]$/);
  await page.getByTestId('predict.features').fill('1, 2, 3');
  await page.getByTestId('predict.features.go').click();
  await expect(page.getByText('this model takes 2 values per sample')).toBeVisible();
  const sample = page.locator('[data-testid^="predict.sample."]').first();
  await sample.click();
  await expect(page.getByTestId('predict.label')).toHaveText(/label [01]/);
  await shot(editor, 'predict-spiral');

  const blocking = await blockingSince(page, t0, test.info());
  await mark('end');
  expect(blocking.scriptOver(50), `from t0 = ${Math.round(t0)}: ${JSON.stringify(marks)}`).toEqual([]);

  // The next auto run of the same model shape uses the remembered probe.
  await page.getByTestId('training.train').click();
  await expect(probes).toContainText('remembered', { timeout: 60_000 });
  // The short run may finish before Stop is pressed (the button then leaves the page): either ends it.
  await page
    .getByTestId('training.stop')
    .click({ timeout: 5_000 })
    .catch(() => undefined);
  await expect(page.getByTestId('training.status')).toHaveText(/stopped|completed/, { timeout: 30_000 });

  // A crash leaves summary.json saying running: the Runs tab calls it interrupted and continues it.
  const crashed = `${runId}-crashed`;
  const dir = join(server.workspace, 'runs', crashed);
  await cp(join(server.workspace, 'runs', runId), dir, { recursive: true });
  const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(dir, 'summary.json'), JSON.stringify({ ...summary, status: 'running' }));
  await page.getByTestId('dock.runs').click();
  await page.getByTestId('runs.refresh').click();
  await expect(page.getByTestId(`runs.status.${crashed}`)).toHaveText('interrupted');
  await shot(editor, 'runs-interrupted');
  await page.getByTestId(`runs.continue.${crashed}`).click();
  await expect(page.getByTestId('training.status')).toHaveText('completed', { timeout: 60_000 });
  const continued = (await page.getByTestId('training.runId').textContent())!.replace('runs/', '');
  const after = JSON.parse(
    await readFile(join(server.workspace, 'runs', continued, 'summary.json'), 'utf8'),
  ) as Record<string, unknown>;
  // Checkpoints are written after every epoch but the last: epoch 39 of 40, then one more.
  expect(after).toMatchObject({
    status: 'completed',
    epochs: 40,
    resumedFrom: { runId: crashed, epoch: 39 },
  });
  const lines = (await readFile(join(server.workspace, 'runs', continued, 'metrics.jsonl'), 'utf8'))
    .trim()
    .split('\n');
  expect(lines.map((l) => (JSON.parse(l) as { epoch: number }).epoch)).toEqual([40]);
});

test('wasm trains on the threads the page asks for under the CSP, and the run says how many', async ({
  editor,
  page,
  server,
}) => {
  // CSP refusals surface as console errors (also from the workers) and, on the page, as events.
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy|Refused to/i.test(m.text()))
      problems.push(`${m.worker()?.url() ?? 'page'}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => {
      // zod probes once whether eval works; it does not, by design (no 'unsafe-eval'). Scripts must load.
      if (e.blockedURI === 'eval') return;
      console.error(
        `Refused ${e.blockedURI} (Content Security Policy ${e.violatedDirective}) at ${e.sourceFile}`,
      );
    }),
  );
  // The app's own rule is half the cores (one on this 2-core machine); ask for two so the threaded
  // build, its helper scripts and the CSP are exercised wherever the test runs.
  const url = new URL(page.url());
  url.searchParams.set('wasmThreads', '2');
  await page.goto(url.href);
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible();
  const threads = 2;
  const plural = 'threads';
  await page.getByTestId('training.backendPick').selectOption('wasm');
  await page.getByTestId('project.templates').click();
  await page.locator('[data-testid^="template."]').filter({ hasText: 'MNIST MLP' }).first().click();
  await expect(page.getByTestId('project.title')).toHaveText('MNIST MLP');
  await setParam(editor, 'data', 'limit', '4000');
  await setParam(editor, 'opt', 'epochs', '2');
  await page.getByTestId('training.train').click();
  await expect(page.getByTestId('training.backend')).toHaveText('wasm', { timeout: 60_000 });
  await expect(page.getByTestId('training.renderer')).toHaveText(`WebAssembly SIMD, ${threads} ${plural}`);
  await expect(page.getByTestId('training.fallbackReason')).toHaveCount(0);
  await expect(page.getByTestId('training.status')).toHaveText('completed', { timeout: 90_000 });
  const valAcc = Number(await page.getByTestId('training.final.val_acc').getAttribute('data-value'));
  expect(valAcc).toBeGreaterThanOrEqual(0.85);

  const runId = (await page.getByTestId('training.runId').textContent())!.replace('runs/', '');
  const summary = JSON.parse(
    await readFile(join(server.workspace, 'runs', runId, 'summary.json'), 'utf8'),
  ) as Record<string, unknown>;
  expect(summary).toMatchObject({
    backend: 'wasm',
    renderer: `WebAssembly SIMD, ${threads} ${plural}`,
    backendReason: `chosen in the training panel; ${threads} ${plural}`,
    fallbackReason: null,
  });
  expect(problems).toEqual([]);
});
