/**
 * What the app remembers between launches on this machine (this browser profile or Electron's):
 * whether it has started before, and the last saved project it had open. Kept in localStorage, a
 * view preference like the panel layout, never in a project.
 */
export interface StartMemory {
  /** The last saved project that was open, if any. */
  lastProject(): string | null;
  rememberProject(id: string): void;
  /** True once the app has started here before (the sample opens only on the very first start). */
  startedBefore(): boolean;
  markStarted(): void;
}

const LAST = 'layerloom.lastProject';
const STARTED = 'layerloom.startedBefore';

export function storageStartMemory(storage: Storage | undefined = globalThis.localStorage): StartMemory {
  const write = (key: string, value: string) => {
    try {
      storage?.setItem(key, value);
    } catch {
      // Storage full or disabled: nothing is remembered, the app still works.
    }
  };
  return {
    lastProject: () => storage?.getItem(LAST) ?? null,
    rememberProject: (id) => write(LAST, id),
    startedBefore: () => storage?.getItem(STARTED) === 'true',
    markStarted: () => write(STARTED, 'true'),
  };
}

/** For tests: memory that lives as long as the object. */
export function memoryStartMemory(init: { lastProject?: string; startedBefore?: boolean } = {}): StartMemory {
  let last = init.lastProject ?? null;
  let started = init.startedBefore ?? false;
  return {
    lastProject: () => last,
    rememberProject: (id) => void (last = id),
    startedBefore: () => started,
    markStarted: () => void (started = true),
  };
}
