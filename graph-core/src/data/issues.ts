/**
 * User mistakes in data come back as issues that name the line and column, never as exceptions.
 */
export interface DataIssue {
  severity: 'error' | 'warning';
  message: string;
  /** 1-based physical line in the source file, when the issue is about one line. */
  line?: number;
  /** Column name (or 1-based number when there is no header). */
  column?: string;
}

export type DataResult<T> =
  { ok: true; value: T; warnings: DataIssue[] } | { ok: false; errors: DataIssue[] };

export function dataError(message: string, where: { line?: number; column?: string } = {}): DataIssue {
  return { severity: 'error', message, ...where };
}

export function dataWarning(message: string, where: { line?: number; column?: string } = {}): DataIssue {
  return { severity: 'warning', message, ...where };
}

/** Keeps error lists readable: the first `max` issues and one line that counts the rest. */
export function capIssues(issues: DataIssue[], max = 20): DataIssue[] {
  if (issues.length <= max) return issues;
  const rest = issues.length - max;
  const head = issues.slice(0, max);
  head.push({ severity: issues[max]?.severity ?? 'error', message: `…and ${rest} more like these.` });
  return head;
}

export { formatCount } from '../document/format';
