/**
 * Issue 13 item 6: the first Train of a model shape times the candidate backends before the first
 * batch. The Training panel says so as it happens (which backend is being timed, each one's ms per
 * step, which won and why), and the run reports the time to its first batch and its whole wall time,
 * not just the training time.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures/app';

test('the backend probe shows its progress before the first epoch, and the summary counts the wait', async ({
  editor,
  page,
  server,
}) => {
  // A fresh probe: nothing remembered for this model shape.
  await page.evaluate(() => indexedDB.deleteDatabase('layerloom'));
  await page.reload();
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible();
  await page.getByTestId('project.templates').click();
  await page
    .locator('[data-testid^="template."]')
    .filter({ hasText: /spiral/i })
    .first()
    .click();
  await editor.node('opt').click();
  await page.getByTestId('inspector.epochs').fill('5');
  await page.getByTestId('inspector.epochs').press('Enter');
  await page.getByTestId('training.backendPick').selectOption('auto');

  // What the panel's state went through, in order, recorded in the page as it changes.
  await page.evaluate(() => {
    const c = window.__layerloomTraining!;
    const seen: string[] = [];
    (window as unknown as { __seen: string[] }).__seen = seen;
    let probes = 0;
    let epochs = 0;
    c.subscribe(() => {
      const s = c.getState();
      for (const e of s.probeLog.slice(probes))
        seen.push(e.kind === 'timing' ? `timing ${e.backend}` : `timed ${e.probe.backend}`);
      probes = s.probeLog.length;
      if (s.backend && !seen.includes('backend')) seen.push('backend');
      if (s.epochs.length > epochs) seen.push(`epoch ${s.epochs.length}`);
      epochs = s.epochs.length;
    });
  });
  await page.getByTestId('training.train').click();
  await expect(page.getByTestId('training.probe.timing')).toContainText(/timing \w+ \(\d of \d\)/, {
    timeout: 60_000,
  });
  await expect(page.locator('[data-testid^="training.probe.result."]').first()).toContainText(
    /ms\/step|unusable/,
    { timeout: 60_000 },
  );
  await editor.shot('probe-in-progress');
  await expect(page.getByTestId('training.probes')).toContainText(/Picked \w+: \w+ is fastest/, {
    timeout: 60_000,
  });
  await expect(page.getByTestId('training.status')).toHaveText('completed', { timeout: 120_000 });

  const seen = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
  const firstEpoch = seen.indexOf('epoch 1');
  expect(firstEpoch).toBeGreaterThan(0);
  // Every backend timed was announced, then its result shown, all before the first epoch.
  const timed = seen.filter((e) => e.startsWith('timed '));
  expect(timed.length).toBeGreaterThanOrEqual(2);
  for (const t of timed) {
    const backend = t.slice('timed '.length);
    expect(seen.indexOf(`timing ${backend}`)).toBeLessThan(seen.indexOf(t));
    expect(seen.indexOf(t)).toBeLessThan(firstEpoch);
  }
  expect(seen.indexOf('backend')).toBeLessThan(firstEpoch);
  for (const b of ['webgl', 'cpu'])
    await expect(page.getByTestId(`training.probe.result.${b}`)).toContainText(/[\d.]+ ms\/step/);

  const first = Number(await page.getByTestId('training.final.firstBatch').getAttribute('data-value'));
  const wall = Number(await page.getByTestId('training.final.wall').getAttribute('data-value'));
  await expect(page.getByTestId('training.final.wall')).toHaveText(/wall \d+\.\d s/);
  expect(first).toBeGreaterThan(0);
  expect(wall).toBeGreaterThanOrEqual(first);
  await editor.shot('probe-done-with-timings');

  const runId = ((await page.getByTestId('training.runId').textContent()) ?? '').replace('runs/', '');
  const summary = JSON.parse(
    await readFile(join(server.workspace, 'runs', runId, 'summary.json'), 'utf8'),
  ) as { durationMs: number; timeToFirstBatchMs: number; wallMs: number };
  expect(summary.timeToFirstBatchMs).toBe(first);
  expect(summary.wallMs).toBe(wall);
  expect(summary.wallMs).toBeGreaterThanOrEqual(summary.timeToFirstBatchMs);
  // The wall time holds the training time and the wait before it.
  expect(summary.wallMs).toBeGreaterThan(summary.durationMs);
});
