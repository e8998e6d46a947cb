/**
 * Projects through the host contract: new, open, save, save as, templates, recent files,
 * autosave and crash recovery. UI-free so the shell, the Electron menu and tests share it.
 */
import type { HostApi, OpResult } from '../../../host/src/contract';
import { HostError } from '../../../host/src/contract';
import { emptyDocument, parseProject, serializeProject } from '../core/document';
import type { EditorStore } from '../store/editorStore';
import { storageStartMemory, type StartMemory } from './startMemory';
import { importModelFiles } from './importModel';

export type Recent = OpResult<'recentFiles'>['entries'][number];
export type Sample = OpResult<'listSamples'>['samples'][number];
export type Recovery = OpResult<'listRecoveries'>['recoveries'][number];
export type ProjectListing = OpResult<'listProjects'>['projects'][number];

export interface ProjectUiState {
  recent: readonly Recent[];
  samples: readonly Sample[];
  projects: readonly ProjectListing[];
  recoveries: readonly Recovery[];
  /** The last failure, in words, until dismissed. */
  message: { kind: 'error' | 'info'; text: string } | null;
  dialogs: boolean;
  /** The first project is on the canvas (tests and the benchmark wait for this). */
  ready: boolean;
}

export const AUTOSAVE_MS = 2000;

export interface Ask {
  confirm(question: string): boolean;
  /** The name to save as (the browser's Save As), or null when cancelled. */
  prompt(question: string, suggestion: string): Promise<string | null> | string | null;
  /** Whether to replace the existing project of that name; `confirm` asks when absent. */
  confirmReplace?(name: string): Promise<boolean> | boolean;
}

function newRecoveryKey(): string {
  return `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

export function createProjectController(
  host: HostApi,
  store: EditorStore,
  ask: Ask,
  memory: StartMemory = storageStartMemory(),
) {
  let ui: ProjectUiState = {
    recent: [],
    samples: [],
    projects: [],
    recoveries: [],
    message: null,
    dialogs: false,
    ready: false,
  };
  const listeners = new Set<() => void>();
  let recoveryKey = newRecoveryKey();
  // Opens read asynchronously; the one asked for last wins. A slower earlier read (the start's
  // sample, a project picked just before a template) must not replace what the user opened since.
  let openTicket = 0;
  const takeTicket = () => {
    const ticket = ++openTicket;
    return () => ticket === openTicket;
  };
  let autosavedRevision = store.getState().revision;
  let timer: ReturnType<typeof setInterval> | null = null;
  /** When the project on the canvas was opened or created: its unsaved runs are the ones since. */
  let openedAt = new Date().toISOString();

  function set(patch: Partial<ProjectUiState>) {
    ui = { ...ui, ...patch };
    for (const l of listeners) l();
  }

  function fail(error: unknown) {
    const text = error instanceof HostError || error instanceof Error ? error.message : String(error);
    set({ message: { kind: 'error', text } });
  }

  async function refreshLists() {
    try {
      const [recent, samples, projects] = await Promise.all([
        host.recentFiles({}),
        host.listSamples({}),
        host.listProjects({}),
      ]);
      set({ recent: recent.entries, samples: samples.samples, projects: projects.projects });
    } catch (error) {
      fail(error);
    }
  }

  /** Loads project text; false (with a message naming the problem) when it does not parse. */
  function loadText(content: string, projectId: string | null, opts?: { dirty?: boolean }): boolean {
    const parsed = parseProject(content);
    if (!parsed.ok) {
      set({ message: { kind: 'error', text: parsed.error } });
      return false;
    }
    void discardRecovery();
    recoveryKey = newRecoveryKey();
    openTicket += 1; // supersedes every open still reading
    store.load(parsed.doc, projectId, opts);
    openedAt = new Date().toISOString();
    autosavedRevision = store.getState().revision;
    if (projectId) memory.rememberProject(projectId);
    return true;
  }

  const okToLeave = () =>
    !store.getState().dirty || ask.confirm('Discard the unsaved changes to this project?');

  async function discardRecovery() {
    try {
      await host.discardRecovery({ key: recoveryKey });
    } catch {
      // Nothing was autosaved under this key yet: nothing to discard.
    }
  }

  /** Runs trained from this project before its first save move to the project it became. */
  async function adoptRuns(unsavedName: string, project: { name: string; id: string }) {
    const { runs } = await host.listRuns({ projectName: unsavedName });
    const ours = runs.filter((r) => r.meta.projectId === null && r.meta.createdAt >= openedAt);
    await Promise.all(ours.map((r) => host.updateRunMeta({ runId: r.id, project })));
  }

  async function afterSave(id: string) {
    store.markSaved(id);
    memory.rememberProject(id);
    await discardRecovery();
    autosavedRevision = store.getState().revision;
    await refreshLists();
  }

  return {
    getState: () => ui,
    subscribe(l: () => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    dismissMessage: () => set({ message: null }),

    /**
     * Start: recovery offers, then the host's startup file, else the last saved project that was
     * open (as desktop editors do), else, on the very first start only, the default sample.
     */
    async start(): Promise<void> {
      try {
        const [info, rec, listed] = await Promise.all([
          host.hostInfo({}),
          host.listRecoveries({}),
          host.listProjects({}),
        ]);
        set({ dialogs: info.dialogs, recoveries: rec.recoveries });
        // A user who already started something (New, a template) keeps it.
        const untouched = () => store.getState().loads === 0 && store.getState().revision === 0;
        const last = memory.lastProject();
        const lastExists = last !== null && listed.projects.some((p) => p.id === last);
        if (info.startupProjectId && untouched()) await this.open(info.startupProjectId);
        else if (lastExists && untouched()) await this.open(last);
        else if (info.defaultSampleId && untouched() && !memory.startedBefore())
          await this.openSample(info.defaultSampleId, false);
        memory.markStarted();
      } catch (error) {
        fail(error);
      }
      await refreshLists();
      set({ ready: true });
    },

    newProject() {
      if (!okToLeave()) return;
      void discardRecovery();
      recoveryKey = newRecoveryKey();
      openTicket += 1;
      store.load(emptyDocument(), null);
      openedAt = new Date().toISOString();
    },

    async open(id?: string) {
      if (!okToLeave()) return;
      const current = takeTicket();
      try {
        const file = await host.openProject(id ? { id } : { dialog: true });
        if (file && current()) loadText(file.content, file.id);
      } catch (error) {
        fail(error);
      }
      // Recent files change on open; the canvas need not wait for that.
      void refreshLists();
    },

    /**
     * A `.layerloom` file read from disk in a browser (file picker or drop on the canvas): it opens
     * as an unsaved project under its own name; Save puts it in the workspace.
     */
    async openFileText(content: string, fileName: string): Promise<boolean> {
      if (!okToLeave()) return false;
      const ok = loadText(content, null, { dirty: true });
      if (!ok) {
        const text = ui.message?.text ?? 'it could not be read';
        set({ message: { kind: 'error', text: `${fileName}: ${text}` } });
      }
      return ok;
    },

    /** File → Import model (or model files dropped on the canvas): opens the saved, imported project. */
    async importModel(files: readonly File[]): Promise<boolean> {
      if (files.length === 0 || !okToLeave()) return false;
      try {
        const file = await importModelFiles(host, files);
        if (!loadText(file.content, file.id)) return false;
        const notes = file.warnings.length ? ` (${file.warnings.join('; ')})` : '';
        set({
          message: { kind: 'info', text: `Model imported as "${file.name}", saved to ${file.id}${notes}` },
        });
        void refreshLists();
        return true;
      } catch (error) {
        fail(error);
        return false;
      }
    },

    /** Templates open as new, unsaved projects: saving asks for a name instead of overwriting the sample. */
    async openSample(id: string, confirmLeave = true) {
      if (confirmLeave && !okToLeave()) return;
      const current = takeTicket();
      try {
        const file = await host.readSample({ id });
        if (!current()) return;
        loadText(file.content, null);
      } catch (error) {
        fail(error);
      }
    },

    async save(): Promise<boolean> {
      const { projectId, doc } = store.getState();
      if (!projectId) return this.saveAs();
      try {
        await host.saveProject({ id: projectId, content: serializeProject(doc), recoveryKey });
        await afterSave(projectId);
        return true;
      } catch (error) {
        fail(error);
        return false;
      }
    },

    async saveAs(): Promise<boolean> {
      const { doc, projectId: before } = store.getState();
      const unsavedName = before === null ? doc.name : null;
      const name = ui.dialogs ? doc.name : await ask.prompt('Save the project as', doc.name);
      if (name === null || name.trim() === '') return false;
      // The project is called what the user saved it as.
      if (name.trim() !== doc.name) store.run('setProjectName', { name: name.trim() });
      const content = serializeProject(store.getState().doc);
      try {
        const ref = await host
          .saveProjectAs({ name, content, dialog: ui.dialogs, recoveryKey })
          .catch(async (error: unknown) => {
            if (!(error instanceof HostError && error.code === 'exists')) throw error;
            const replace = ask.confirmReplace
              ? await ask.confirmReplace(name)
              : ask.confirm(`A project named “${name}” exists. Replace it?`);
            if (!replace) return null;
            return host.saveProjectAs({ name, content, dialog: false, overwrite: true, recoveryKey });
          });
        if (!ref) return false;
        // A name typed into the native dialog renames the project (the host wrote it so).
        if (ref.name !== store.getState().doc.name) store.run('setProjectName', { name: ref.name });
        if (unsavedName !== null) await adoptRuns(unsavedName, { name: ref.name, id: ref.id });
        await afterSave(ref.id);
        return true;
      } catch (error) {
        fail(error);
        return false;
      }
    },

    /**
     * The menu's Export Weights: the newest trained model of this project, to a folder the user
     * picks (Electron) or to the workspace's exports/ (browser).
     */
    async exportWeights(): Promise<boolean> {
      const name = store.getState().doc.name;
      try {
        const { runs } = await host.listRuns({ projectName: name });
        const run = runs.find((r) => r.hasModel);
        if (!run) {
          set({
            message: {
              kind: 'error',
              text: `“${name}” has no trained model yet: train it, then export its weights.`,
            },
          });
          return false;
        }
        const dest = await host.exportWeights({ runId: run.id, dialog: ui.dialogs, name: run.id });
        if (!dest) return false;
        set({ message: { kind: 'info', text: `Weights of “${run.meta.name}” saved to ${dest.location}` } });
        return true;
      } catch (error) {
        fail(error);
        return false;
      }
    },

    async restore(recovery: Recovery) {
      if (loadText(recovery.content, recovery.projectId, { dirty: true })) {
        await host.discardRecovery({ key: recovery.key }).catch(fail);
      }
      set({ recoveries: ui.recoveries.filter((r) => r.key !== recovery.key) });
    },

    async declineRecovery(recovery: Recovery) {
      await host.discardRecovery({ key: recovery.key }).catch(fail);
      set({ recoveries: ui.recoveries.filter((r) => r.key !== recovery.key) });
    },

    /** Writes unsaved edits to the workspace's autosave folder; returns whether it wrote. */
    async autosaveNow(): Promise<boolean> {
      const s = store.getState();
      if (!s.dirty || s.revision === autosavedRevision) return false;
      const revision = s.revision;
      try {
        await host.autosave({
          key: recoveryKey,
          name: s.doc.name,
          projectId: s.projectId,
          content: serializeProject(s.doc),
        });
        autosavedRevision = revision;
        return true;
      } catch (error) {
        fail(error);
        return false;
      }
    },

    startAutosave(intervalMs = AUTOSAVE_MS) {
      timer ??= setInterval(() => void this.autosaveNow(), intervalMs);
    },
    stopAutosave() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    refreshLists,
  };
}

export type ProjectController = ReturnType<typeof createProjectController>;
