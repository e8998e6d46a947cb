import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import type { ElectronApplication } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import type {} from '../host/src/contract/bridge'; // declares window.layerloom

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The Electron binary, found without `require('electron')` (which would try to download it).
 * Returns the reason when it is absent, for the skip message.
 */
function electronBinary(): { path: string } | { missing: string } {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile))
    return { missing: `${pathFile} is absent: the electron package was installed without its binary` };
  const bin = path.join(
    process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(dir, 'dist'),
    readFileSync(pathFile, 'utf8').trim(),
  );
  return existsSync(bin) ? { path: bin } : { missing: `the Electron binary ${bin} is not installed` };
}

const binary = electronBinary();
const builtMain = path.join(root, 'dist', 'electron', 'main.cjs');

test.describe('Electron shell', () => {
  test.skip(
    'missing' in binary,
    `Electron cannot run here: ${'missing' in binary ? binary.missing : ''}. Browser mode covers the same host operations.`,
  );
  test.skip(!existsSync(builtMain), 'dist/electron/main.cjs is not built: run npm run build:electron');

  let app: ElectronApplication;
  let workspace: string;

  test.beforeAll(async () => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'layerloom-electron-'));
    app = await electron.launch({
      executablePath: (binary as { path: string }).path,
      args: [root, '--no-sandbox'],
      env: { ...process.env, LAYERLOOM_WORKSPACE: workspace },
    });
  });
  test.afterAll(async () => {
    await app?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  test('opens one sandboxed, isolated window on the app scheme', async () => {
    const page = await app.firstWindow();
    expect(page.url()).toBe('app://layerloom/index.html');
    const state = await app.evaluate(({ BrowserWindow }) => {
      const windows = BrowserWindow.getAllWindows();
      // Not in Electron's typings, but present at run time: the preferences the window really got.
      const contents = windows[0]!.webContents as unknown as { getLastWebPreferences?: () => unknown };
      return { count: windows.length, prefs: contents.getLastWebPreferences?.() ?? null };
    });
    expect(state.count).toBe(1);
    if (state.prefs !== null) {
      expect(state.prefs).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webviewTag: false,
      });
    }
    // What the page itself can reach: no Node, no Electron internals, only the bridge.
    const reach = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));
    expect(reach).toEqual({ require: 'undefined', process: 'undefined' });
    expect(await page.evaluate(() => Object.keys(window.layerloom ?? {}).sort())).toEqual([
      'onMenuCommand',
      'onOpenProject',
      'ops',
      'platform',
    ]);
  });

  test('blocks window.open and navigation away from the app', async () => {
    const page = await app.firstWindow();
    expect(await page.evaluate(() => window.open('https://example.com') === null)).toBe(true);
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('app://layerloom/index.html');
  });

  test('opens a sample project and saves it into the workspace through the bridge', async () => {
    const page = await app.firstWindow();
    const saved = await page.evaluate(async () => {
      const ops = window.layerloom!.ops;
      const info = (await ops.hostInfo({})) as { ok: true; value: { defaultSampleId: string } };
      const sample = (await ops.readSample({ id: info.value.defaultSampleId })) as {
        ok: true;
        value: { content: string };
      };
      return ops.saveProjectAs({ name: 'From Electron', content: sample.value.content });
    });
    expect(saved).toMatchObject({ ok: true, value: { id: 'projects/From Electron.layerloom' } });
    expect(existsSync(path.join(workspace, 'projects', 'From Electron.layerloom'))).toBe(true);
  });

  test('Save As from the menu asks where to save; Save then writes there and keeps a .bak', async () => {
    const page = await app.firstWindow();
    await expect(page.locator('.app[data-ready="true"]')).toBeVisible();
    const target = path.join(workspace, 'elsewhere', 'Chosen.layerloom');
    mkdirSync(path.dirname(target));
    // Stub the native dialog in the main process: record what it was asked, answer with `target`.
    await app.evaluate(({ dialog }, file) => {
      const asked: unknown[] = [];
      (globalThis as { askedSave?: unknown[] }).askedSave = asked;
      dialog.showSaveDialog = (async (...args: unknown[]) => {
        asked.push(args[args.length - 1]);
        return { canceled: false, filePath: file };
      }) as typeof dialog.showSaveDialog;
    }, target);
    const clickMenu = (label: string) =>
      app.evaluate(({ Menu }, wanted) => {
        const find = (items: Electron.MenuItem[]): Electron.MenuItem | undefined => {
          for (const item of items) {
            if (item.label === wanted) return item;
            const inner = item.submenu && find(item.submenu.items);
            if (inner) return inner;
          }
          return undefined;
        };
        const item = find(Menu.getApplicationMenu()?.items ?? []);
        if (!item) throw new Error(`no menu item ${wanted}`);
        item.click();
      }, label);

    await clickMenu('Save As…');
    await expect.poll(() => existsSync(target)).toBe(true);
    const asked = await app.evaluate(
      () => (globalThis as { askedSave?: { defaultPath?: string }[] }).askedSave,
    );
    expect(asked?.[0]?.defaultPath?.startsWith(path.join(workspace, 'projects'))).toBe(true);
    const recent = await page.evaluate(() => window.layerloom!.ops.recentFiles({}));
    expect(recent).toMatchObject({ ok: true, value: { entries: [{ location: target }] } });

    await clickMenu('Save');
    await expect.poll(() => existsSync(`${target}.bak`)).toBe(true);
    expect(JSON.parse(readFileSync(target, 'utf8'))).toMatchObject({ format: 'layerloom' });
  });

  test('refuses a malformed payload with the field named', async () => {
    const page = await app.firstWindow();
    const result = await page.evaluate(() => window.layerloom!.ops.readRun({ runId: '../../etc' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});
