import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../fs/test-dir';
import { doc } from '../workspace/test-host';
import { contentSecurityPolicy } from './csp';
import { startServer } from './server';
import type { RunningServer } from './server';
import { rawRequest } from './test-http';

const TOKEN = 'test-token-0123456789abcdef';
let tmp: ReturnType<typeof makeTempDir>;
let server: RunningServer;
let rendererDir: string;

beforeAll(async () => {
  tmp = makeTempDir();
  rendererDir = path.join(tmp.dir, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Layerloom</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'main-abc.js'), 'export {}');
  writeFileSync(
    path.join(rendererDir, 'assets', 'tfjs-backend-wasm.wasm'),
    new Uint8Array([0, 97, 115, 109]),
  );
  writeFileSync(path.join(rendererDir, 'assets', 'mnist.bin'), new Uint8Array([1]));
  writeFileSync(path.join(tmp.dir, 'secret.txt'), 'secret');
  server = await startServer({
    workspace: path.join(tmp.dir, 'ws'),
    token: TOKEN,
    rendererDir,
    maxBodyBytes: 4096,
    maxLargeBodyBytes: 8192,
  });
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

const saveBody = JSON.stringify({ name: 'Sneaky', content: doc('Sneaky') });
const api = (op: string, headers: Record<string, string>, body = saveBody) =>
  rawRequest(server.port, {
    method: 'POST',
    path: `/api/${op}`,
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
const projects = () => readdirSync(path.join(server.workspace, 'projects'));

describe('local server security', () => {
  it('listens on loopback and prints a URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { 'x-layerloom-token': 'test-token-0123456789abcdeX' }],
    ['a token of another length', { 'x-layerloom-token': 'short' }],
  ])('answers 403 to a request with %s and changes nothing', async (_, headers) => {
    const res = await api('saveProjectAs', headers);
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'missing or wrong token' },
    });
    expect(projects()).toEqual([]);
  });

  it.each([
    ['another site', { origin: 'http://evil.example' }],
    ['another local port', { origin: 'http://127.0.0.1:1' }],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }],
    ['a same-site fetch', { 'sec-fetch-site': 'same-site' }],
  ])('refuses %s even with the token', async (_, headers) => {
    const res = await api('saveProjectAs', { 'x-layerloom-token': TOKEN, ...headers });
    expect(res.status).toBe(403);
    expect(projects()).toEqual([]);
  });

  it.each(['evil.example', `evil.example:${0}`, '127.0.0.2'])(
    'refuses the Host header %s (DNS rebinding)',
    async (host) => {
      const res = await rawRequest(server.port, { path: '/', headers: { host } });
      expect(res.status).toBe(403);
    },
  );

  it('accepts its own origin and localhost', async () => {
    for (const origin of [`http://127.0.0.1:${server.port}`, `http://localhost:${server.port}`]) {
      const res = await api(
        'listProjects',
        { 'x-layerloom-token': TOKEN, origin, 'sec-fetch-site': 'same-origin' },
        '{}',
      );
      expect(res.status).toBe(200);
    }
  });

  it('refuses a body over the cap with 413 and writes nothing', async () => {
    const big = JSON.stringify({ name: 'Big', content: doc('Big', { pad: 'x'.repeat(5000) }) });
    const res = await api('saveProjectAs', { 'x-layerloom-token': TOKEN }, big);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('too_large');
    expect(projects()).toEqual([]);
  });

  it('gives upload ops the larger cap', async () => {
    const body = JSON.stringify({ suggestedName: 'x.txt', content: 'y'.repeat(6000) });
    const res = await api('exportFile', { 'x-layerloom-token': TOKEN }, body);
    expect(res.status).toBe(200);
  });

  it.each([
    ['not JSON', 'saveProjectAs', '{', 400, 'invalid'],
    ['a schema violation', 'saveProjectAs', '{"name":"","content":"{}"}', 400, 'invalid'],
    ['an unknown op', 'rmrf', '{}', 404, 'not_found'],
    ['a prototype key as op', '__proto__', '{}', 404, 'not_found'],
  ])('answers %s with its code', async (_, op, body, status, code) => {
    const res = await api(op, { 'x-layerloom-token': TOKEN }, body);
    expect([res.status, JSON.parse(res.body).error.code]).toEqual([status, code]);
  });

  it('refuses API calls without a JSON content type (no simple form posts)', async () => {
    const res = await api('listProjects', { 'x-layerloom-token': TOKEN, 'content-type': 'text/plain' }, '{}');
    expect(res.status).toBe(400);
  });

  it('sends no CORS headers', async () => {
    const res = await rawRequest(server.port, {
      method: 'OPTIONS',
      path: '/api/listProjects',
      headers: { origin: 'http://evil.example' },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('static files', () => {
  it.each([
    ['/', 'text/html; charset=utf-8'],
    ['/?token=abc', 'text/html; charset=utf-8'],
    ['/assets/main-abc.js', 'text/javascript; charset=utf-8'],
    ['/assets/tfjs-backend-wasm.wasm', 'application/wasm'],
    ['/assets/mnist.bin', 'application/octet-stream'],
  ])('serves %s as %s with the CSP', async (url, type) => {
    const res = await rawRequest(server.port, { path: url });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['content-security-policy']).toBe(contentSecurityPolicy());
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/nope.js', '/%00'])(
    'answers 404 to %s',
    async (url) => {
      const res = await rawRequest(server.port, { path: url });
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('secret');
    },
  );

  it('allows wasm compilation and blob workers but not eval', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toContain("object-src 'none'");
  });

  it('explains how to build when the renderer is missing', async () => {
    const bare = await startServer({
      workspace: path.join(tmp.dir, 'ws2'),
      rendererDir: path.join(tmp.dir, 'none'),
    });
    try {
      const res = await rawRequest(bare.port, { path: '/' });
      expect(res.status).toBe(503);
      expect(res.body).toContain('npm run build:renderer');
      expect(bare.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    } finally {
      await bare.close();
    }
  });
});
