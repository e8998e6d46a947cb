/**
 * The local server as a real browser meets it: the page it served may call the API; a page from
 * another local origin may not, with or without the token; the CSP lets wasm and blob workers run
 * but not eval. Uses a tiny stand-in page, so it does not depend on the renderer build.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startServer } from '../host/src/server/server';
import type { RunningServer } from '../host/src/server/server';

let tmp: string;
let served: RunningServer;
let other: RunningServer;

test.beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'layerloom-server-e2e-'));
  const pages = path.join(tmp, 'pages');
  mkdirSync(pages);
  writeFileSync(
    path.join(pages, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>stand-in</title><p>page</p>',
  );
  served = await startServer({ workspace: path.join(tmp, 'ws'), rendererDir: pages });
  other = await startServer({ workspace: path.join(tmp, 'ws-other'), rendererDir: pages });
});
test.afterAll(async () => {
  await served?.close();
  await other?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const saveArgs = {
  name: 'From page',
  content: JSON.stringify({ format: 'layerloom', version: 1, name: 'x', nodes: [], edges: [] }),
};

test('the page the server served can call the API with its token', async ({ page }) => {
  await page.goto(served.url);
  const answer = await page.evaluate(
    async ({ token, args }) => {
      const res = await fetch('/api/saveProjectAs', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-layerloom-token': token },
        body: JSON.stringify(args),
      });
      return { status: res.status, body: await res.json() };
    },
    { token: served.token, args: saveArgs },
  );
  expect(answer).toMatchObject({
    status: 200,
    body: { ok: true, value: { id: 'projects/From page.layerloom' } },
  });
  rmSync(path.join(served.workspace, 'projects', 'From page.layerloom'));
});

test('a page from another local origin cannot call the API, even knowing the token', async ({ page }) => {
  await page.goto(other.url);
  const outcome = await page.evaluate(
    async ({ port, token, args }) => {
      const results: string[] = [];
      try {
        await fetch(`http://127.0.0.1:${port}/api/saveProjectAs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-layerloom-token': token },
          body: JSON.stringify(args),
        });
        results.push('cors-fetch-answered');
      } catch {
        results.push('cors-fetch-blocked');
      }
      // A "simple" request needs no preflight and may reach the server (the browser hides the
      // answer, and under COEP may refuse it outright): either way it must change nothing.
      await fetch(`http://127.0.0.1:${port}/api/saveProjectAs`, {
        method: 'POST',
        mode: 'no-cors',
        body: JSON.stringify(args),
      }).catch(() => undefined);
      results.push('no-cors-sent');
      return results;
    },
    { port: served.port, token: served.token, args: saveArgs },
  );
  expect(outcome).toEqual(['cors-fetch-blocked', 'no-cors-sent']);
  expect(readdirSync(path.join(served.workspace, 'projects'))).toEqual([]);
});

test('the CSP lets wasm compile and blob workers start, and refuses eval', async ({ page }) => {
  await page.goto(served.url);
  const result = await page.evaluate(async () => {
    const wasm = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]); // the empty module
    const compiled = await WebAssembly.compile(wasm).then(
      () => 'ok',
      (e: Error) => e.message,
    );
    let evalResult = 'ran';
    try {
      (0, eval)('1 + 1');
    } catch {
      evalResult = 'blocked';
    }
    const url = URL.createObjectURL(new Blob(['postMessage(6 * 7)'], { type: 'text/javascript' }));
    const fromWorker = await new Promise<unknown>((resolve) => {
      const worker = new Worker(url);
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = () => resolve('worker blocked');
    });
    return { compiled, evalResult, fromWorker, isolated: crossOriginIsolated };
  });
  expect(result).toEqual({ compiled: 'ok', evalResult: 'blocked', fromWorker: 42, isolated: true });
});
