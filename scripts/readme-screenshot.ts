// Regenerates docs/images/app.png: the MNIST MLP sample trained in the real app (browser mode) on the backend the auto probe picks.
// Usage: npm run build && npm run readme-screenshot
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium';

const token = 'readme-screenshot-token';
const port = 5199;
const workspace = mkdtempSync(join(tmpdir(), 'layerloom-shot-'));
const server = spawn(
  'node',
  ['scripts/start.mjs', '--serve', '--port', String(port), '--workspace', workspace],
  {
    env: { ...process.env, LAYERLOOM_TOKEN: token },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
await new Promise<void>((resolve, reject) => {
  server.stdout.on('data', (d: Buffer) => String(d).includes('http://') && resolve());
  server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
});
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/?token=${token}`);
  await page.locator('.app[data-ready=true]').waitFor();
  // A quick but real run: 4,000 digits, 2 epochs.
  await page.getByTestId('node.data').click();
  await page.getByTestId('inspector.limit').fill('4000');
  await page.getByTestId('inspector.limit').press('Enter');
  await page.getByTestId('node.opt').click();
  await page.getByTestId('inspector.epochs').fill('2');
  await page.getByTestId('inspector.epochs').press('Enter');
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await page.locator('.react-flow__controls-fitview').click();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.getByText('COMPLETED', { exact: false }).first().waitFor({ timeout: 180_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'docs/images/app.png' });
  console.log('wrote docs/images/app.png');
} finally {
  await browser.close();
  server.kill();
}
