/** What the workspace cannot keep in a file name (it would silently write another name). */
const FORBIDDEN = /[\u0000-\u001f\u007f/\\:*?"<>|]/;

/**
 * Why a name cannot be a project's name in the workspace, or null when it can. Mirrors the host's
 * rules (DisplayName: 1–120 characters; file names without path or reserved characters), so the
 * Save As dialog refuses before the host would rename the file behind the user's back.
 */
export function projectNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Give the project a name.';
  if (trimmed.length > 120) return `At most 120 characters (this one has ${trimmed.length}).`;
  const bad = FORBIDDEN.exec(trimmed);
  if (bad) {
    const shown = /[\u0000-\u001f\u007f]/.test(bad[0]) ? 'a control character' : `“${bad[0]}”`;
    return `A project name cannot contain ${shown} (nor / \\ : * ? " < > |).`;
  }
  if (/^\.|\.$/.test(trimmed)) return 'A project name cannot start or end with a dot.';
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(trimmed))
    return `“${trimmed}” is a reserved file name on Windows.`;
  return null;
}
