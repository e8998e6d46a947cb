/**
 * The browser's Save As, in the app: a name (checked as typed), then, when a project of that name
 * exists, a Replace confirmation. Promise-based so the project controller awaits the user's answer
 * as it awaits the host; the SaveAsDialog component renders whichever step is open.
 */
export type SaveAsStep =
  | { kind: 'name'; suggestion: string; answer(name: string | null): void }
  | { kind: 'replace'; name: string; answer(replace: boolean): void };

let step: SaveAsStep | null = null;
const listeners = new Set<() => void>();

function show(next: SaveAsStep | null) {
  step = next;
  for (const l of listeners) l();
}

export const saveAsDialog = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  getStep: (): SaveAsStep | null => step,
  /** The name to save as, or null when the user cancels. */
  askName(suggestion: string): Promise<string | null> {
    return new Promise((resolve) =>
      show({
        kind: 'name',
        suggestion,
        answer: (name) => {
          show(null);
          resolve(name);
        },
      }),
    );
  },
  /** Whether to replace the project that already has this name. */
  askReplace(name: string): Promise<boolean> {
    return new Promise((resolve) =>
      show({
        kind: 'replace',
        name,
        answer: (replace) => {
          show(null);
          resolve(replace);
        },
      }),
    );
  },
};
