// Finds the Python that can run an export's checks. The `python3` on PATH may be a version
// manager's shim without Debian's python3-torch, so the system interpreter is asked first and
// the PATH one only after it; the answer is kept per module list for the life of the process.
import { spawnSync } from 'node:child_process';

/** Asked in this order: Debian's python3-torch / python3-onnx live under /usr/bin. */
export const PYTHON_CANDIDATES = ['/usr/bin/python3', 'python3'] as const;

export interface PythonFound {
  python: string;
  /** `module==version` for each module asked for, e.g. `torch==1.13.1`. */
  versions: Record<string, string>;
}

export interface PythonMissing {
  missing: string;
}

const cache = new Map<string, PythonFound | PythonMissing>();

/** The first candidate that imports every module in `modules` (default: torch). */
export function findPython(
  modules: readonly string[] = ['torch'],
  candidates: readonly string[] = PYTHON_CANDIDATES,
): PythonFound | PythonMissing {
  const key = `${modules.join(',')}|${candidates.join(',')}`;
  const known = cache.get(key);
  if (known) return known;
  const script = `import json, ${modules.join(', ')}\nprint(json.dumps({${modules
    .map((m) => `"${m}": getattr(${m}, "__version__", "")`)
    .join(', ')}}))`;
  const tried: string[] = [];
  let found: PythonFound | PythonMissing | undefined;
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', script], { encoding: 'utf8', timeout: 60_000 });
    if (probe.status === 0) {
      found = { python, versions: JSON.parse(probe.stdout.trim()) as Record<string, string> };
      break;
    }
    const why = probe.error
      ? probe.error.message
      : (probe.stderr.trim().split('\n').pop() ?? `exit ${probe.status}`);
    tried.push(`${python}: ${why}`);
  }
  found ??= {
    missing:
      `no Python here imports ${modules.join(' and ')} (${tried.join('; ')}); ` +
      `install Debian's ${modules.map(debianPackage).join(' ')} (apt-get install), as .ci/run does`,
  };
  cache.set(key, found);
  return found;
}

/** Like findPython, but a missing interpreter is an error: CI installs it, so tests must not skip. */
export function requirePython(modules: readonly string[] = ['torch']): string {
  const found = findPython(modules);
  if ('missing' in found) throw new Error(found.missing);
  return found.python;
}

function debianPackage(module: string): string {
  return `python3-${module}`;
}
