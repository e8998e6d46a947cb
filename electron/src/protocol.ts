import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { protocol } from 'electron';
import { resolveInside } from '../../host/src/fs/resolve-inside';
import { securityHeaders } from '../../host/src/server/csp';
import { mimeTypeOf } from '../../host/src/server/static-files';
import { APP_HOST, APP_SCHEME } from './security';

/** Must run before `app.ready`: app:// behaves like https (fetch, workers, wasm streaming). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
    },
  ]);
}

/** Serves the built renderer folder on app://layerloom/, with the same headers as the local server. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('not found', { status: 404 });
    try {
      const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
      const file = await resolveInside(rendererDir, rel);
      const body = await fsp.readFile(file);
      return new Response(body, {
        headers: { ...securityHeaders(), 'content-type': mimeTypeOf(path.basename(file)) },
      });
    } catch {
      return new Response('not found', { status: 404, headers: securityHeaders() });
    }
  });
}
