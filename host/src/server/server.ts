import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { dispatch } from '../contract/api';
import type { Envelope, HostErrorCode, HostHandlers } from '../contract/api';
import { API_PREFIX, TOKEN_HEADER } from '../contract/http-client';
import { hostOps, isOpName } from '../contract/ops';
import type { Base64Codec } from '../contract/wire';
import { fromWire, toWire } from '../contract/wire';
import { createHostContext, createHostHandlers } from '../workspace/services';
import { appVersion, findAppRoot } from './app-root';
import { securityHeaders } from './csp';
import { BodyTooLarge, hostAllowed, originAllowed, readBody, tokenMatches } from './request-guard';
import { serveStatic } from './static-files';

export interface ServerOptions {
  workspace: string;
  /** 0 (default) lets the OS pick a free port. */
  port?: number;
  /** Fixed token (tests); else `LAYERLOOM_TOKEN`, else a fresh random one. */
  token?: string;
  /** The built renderer (default `<appRoot>/dist/renderer`). */
  rendererDir?: string;
  appRoot?: string;
  /** Request body caps in bytes: ordinary ops / ops that upload binaries. */
  maxBodyBytes?: number;
  maxLargeBodyBytes?: number;
  /** Replaces the workspace services (tests). */
  handlers?: HostHandlers;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  workspace: string;
  close(): Promise<void>;
}

const STATUS: Record<HostErrorCode, number> = {
  invalid: 400,
  not_found: 404,
  exists: 409,
  unsupported: 501,
  too_large: 413,
  forbidden: 403,
  io: 500,
  internal: 500,
};

const nodeBase64: Base64Codec = {
  encode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  decode: (text) => new Uint8Array(Buffer.from(text, 'base64')),
};

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

function sendEnvelope(res: ServerResponse, envelope: Envelope<unknown>): void {
  const status = envelope.ok ? 200 : STATUS[envelope.error.code];
  const body = JSON.stringify(toWire(envelope, nodeBase64));
  res.writeHead(status, {
    ...securityHeaders(),
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(body);
}

const fail = (res: ServerResponse, code: HostErrorCode, message: string) =>
  sendEnvelope(res, { ok: false, error: { code, message } });

/** The local server for browser mode: the built renderer plus the host contract at POST /api/<op>. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? process.env.LAYERLOOM_TOKEN ?? randomBytes(24).toString('base64url');
  if (!TOKEN_PATTERN.test(token)) throw new Error('the token must be 16-128 characters of [A-Za-z0-9_-]');
  const appRoot = options.appRoot ?? findAppRoot();
  const rendererDir = path.resolve(options.rendererDir ?? path.join(appRoot, 'dist', 'renderer'));
  const maxBody = options.maxBodyBytes ?? 48 * 1024 * 1024;
  const maxLargeBody = options.maxLargeBodyBytes ?? 768 * 1024 * 1024;
  const ctx = await createHostContext({
    workspace: options.workspace,
    appRoot,
    kind: 'server',
    version: appVersion(appRoot),
  });
  const handlers = options.handlers ?? createHostHandlers(ctx);
  let port = 0;

  const handleApi = async (req: IncomingMessage, res: ServerResponse, op: string) => {
    if (req.method !== 'POST') return fail(res, 'invalid', 'use POST for API calls');
    if (!originAllowed(req, port)) return fail(res, 'forbidden', 'requests from other sites are refused');
    if (!tokenMatches(req.headers[TOKEN_HEADER], token))
      return fail(res, 'forbidden', 'missing or wrong token');
    if (!isOpName(op)) return fail(res, 'not_found', `unknown operation "${op}"`);
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return fail(res, 'invalid', 'send the arguments as application/json');
    }
    const limit = hostOps[op].large ? maxLargeBody : maxBody;
    let args: unknown;
    try {
      const body = await readBody(req, limit);
      args = body.length === 0 ? {} : fromWire(JSON.parse(body.toString('utf8')), nodeBase64);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        return fail(res, 'too_large', `request larger than ${Math.round(limit / 1024 / 1024)} MiB`);
      }
      return fail(res, 'invalid', 'the request body is not valid JSON');
    }
    sendEnvelope(res, await dispatch(handlers, op, args));
  };

  const server = createServer((req, res) => {
    void (async () => {
      if (!hostAllowed(req, port)) {
        res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden host');
        return;
      }
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (url.pathname.startsWith(API_PREFIX))
        return handleApi(req, res, url.pathname.slice(API_PREFIX.length));
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      if (!(await serveStatic(rendererDir, url.pathname, res, req.method === 'HEAD'))) {
        res.writeHead(404, { ...securityHeaders(), 'content-type': 'text/plain' }).end('not found');
      }
    })().catch((error: unknown) => {
      if (!res.headersSent) fail(res, 'internal', error instanceof Error ? error.message : String(error));
      else res.destroy();
    });
  });
  server.requestTimeout = 10 * 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the server must never be reachable from another machine.
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    workspace: ctx.root,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
