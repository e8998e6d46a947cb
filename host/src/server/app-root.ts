import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of Layerloom's package.json, found upward from this module (source or bundle). */
export function findAppRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'layerloom')
          return dir;
      } catch {
        // keep looking upward
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`no layerloom package.json above ${from}`);
  }
}

export function appVersion(appRoot: string): string {
  try {
    return (
      (JSON.parse(readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { version?: string })
        .version ?? '0.0.0'
    );
  } catch {
    return '0.0.0';
  }
}
