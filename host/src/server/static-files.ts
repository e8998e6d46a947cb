import { createReadStream, promises as fsp } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { resolveInside } from '../fs/resolve-inside';
import { securityHeaders } from './csp';

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.layerloom': 'application/json; charset=utf-8',
};

export const mimeTypeOf = (file: string): string =>
  MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Layerloom</title>
<p>The Layerloom UI is not built yet. Run <code>npm run build:renderer</code> (or <code>npm start</code>, which builds it) and reload.</p>`;

/** Serves one file of the built renderer; `/` is index.html. Returns false when nothing matched. */
export async function serveStatic(
  rendererDir: string,
  urlPath: string,
  res: ServerResponse,
  headOnly: boolean,
): Promise<boolean> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath).replace(/^\/+/, '') || 'index.html';
  } catch {
    return false;
  }
  const file = await resolveInside(rendererDir, rel).catch(() => null);
  const stat = file ? await fsp.stat(file).catch(() => null) : null;
  if (!file || !stat?.isFile()) {
    if (rel !== 'index.html') return false;
    res.writeHead(503, {
      ...securityHeaders(),
      'content-type': MIME_TYPES['.html']!,
      'cache-control': 'no-store',
    });
    res.end(headOnly ? undefined : NOT_BUILT);
    return true;
  }
  res.writeHead(200, {
    ...securityHeaders(),
    'content-type': mimeTypeOf(file),
    'content-length': String(stat.size),
    // Vite puts a content hash in asset names; index.html must always be fresh.
    'cache-control': rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (headOnly) {
    res.end();
    return true;
  }
  await new Promise<void>((resolve, reject) => {
    createReadStream(file).on('error', reject).on('end', resolve).pipe(res);
  });
  return true;
}
