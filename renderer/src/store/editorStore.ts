/**
 * The one editor store, over graph-core's History. The document changes only through named
 * graph-core commands (immer patches both ways); a gesture (a whole drag, a multi-part delete)
 * is one undo step. Selection and measured node sizes are UI state: never history, never saved.
 */
import type { GraphAnalysis } from '../../../graph-core/src/analysis';
import {
  beginGesture,
  canRedo,
  canUndo,
  createHistory,
  endGesture,
  execute,
  redo,
  redoLabel,
  undo,
  undoLabel,
  type CommandArgs,
  type CommandName,
  type CommandResult,
  type History,
} from '../../../graph-core/src/commands';
import type { GraphDocument } from '../../../graph-core/src/document';

export interface Dimensions {
  width: number;
  height: number;
}

export interface Selection {
  nodes: ReadonlySet<string>;
  edges: ReadonlySet<string>;
}

export interface EditorState {
  doc: GraphDocument;
  analysis: GraphAnalysis;
  /** Milliseconds the last analysis took (graph-core work per edit). */
  analysisMs: number;
  selection: Selection;
  measured: ReadonlyMap<string, Dimensions>;
  canUndo: boolean;
  canRedo: boolean;
  /** "Move nodes", "Paste" … for the Undo/Redo buttons' titles. */
  undoLabel: string | null;
  redoLabel: string | null;
  /** Host handle of the open project file (HostApi ProjectId); null until first saved. */
  projectId: string | null;
  dirty: boolean;
  /** Increases on every document change, so autosave can tell whether anything happened. */
  revision: number;
  /** Increases on every load (open, new, template, restore), e.g. to frame the new graph. */
  loads: number;
}

export type Analyze = (doc: GraphDocument) => GraphAnalysis;
export type Serialize = (doc: GraphDocument) => string;

export interface EditorStore {
  getState(): EditorState;
  subscribe(listener: () => void): () => void;
  /** Runs a named graph-core command; returns its result, or undefined when it changed nothing. */
  run<N extends CommandName>(name: N, args: CommandArgs<N>): CommandResult<N> | undefined;
  /** Opens a history mark: commands until `endGesture` become one undo step. */
  beginGesture(label: string): void;
  endGesture(): void;
  /** Runs `body` inside one gesture. */
  transaction<T>(label: string, body: () => T): T;
  undo(): void;
  redo(): void;
  /**
   * Replaces the document and clears history (open, new, template, restore). `keepSelection` keeps
   * what the user selected meanwhile (a layout applied after the open must not drop their click).
   */
  load(
    doc: GraphDocument,
    projectId: string | null,
    opts?: { dirty?: boolean; keepSelection?: boolean },
  ): void;
  markSaved(projectId: string | null): void;
  /** Analyses the current document again (facts it depends on arrived); no history, not an edit. */
  reanalyze(): void;
  select(nodes: Iterable<string>, edges?: Iterable<string>): void;
  setMeasured(entries: ReadonlyArray<readonly [string, Dimensions]>): void;
  history(): History;
}

const EMPTY_SELECTION: Selection = { nodes: new Set(), edges: new Set() };

/** Commands that cannot change shapes or diagnostics: the previous analysis still holds. */
const LAYOUT_ONLY: ReadonlySet<CommandName> = new Set(['moveNodes']);

export function createEditorStore(
  initial: GraphDocument,
  analyze: Analyze,
  serialize: Serialize,
): EditorStore {
  const listeners = new Set<() => void>();
  let history = createHistory(initial);
  let savedText = serialize(initial);
  let state: EditorState = {
    ...analyzed(initial),
    selection: EMPTY_SELECTION,
    measured: new Map(),
    canUndo: false,
    canRedo: false,
    undoLabel: null,
    redoLabel: null,
    projectId: null,
    dirty: false,
    revision: 0,
    loads: 0,
  };

  function analyzed(doc: GraphDocument): Pick<EditorState, 'doc' | 'analysis' | 'analysisMs'> {
    const start = performance.now();
    const analysis = analyze(doc);
    return { doc, analysis, analysisMs: performance.now() - start };
  }

  function emit(next: EditorState): void {
    state = next;
    for (const l of listeners) l();
  }

  function liveSelection(doc: GraphDocument): Selection {
    const { nodes, edges } = state.selection;
    if (nodes.size === 0 && edges.size === 0) return state.selection;
    const nodeIds = new Set(doc.nodes.map((n) => n.id));
    const edgeIds = new Set(doc.edges.map((e) => e.id));
    return {
      nodes: new Set([...nodes].filter((id) => nodeIds.has(id))),
      edges: new Set([...edges].filter((id) => edgeIds.has(id))),
    };
  }

  /** Publishes `history`'s document; `reuseAnalysis` skips graph-core work for layout-only edits. */
  function publish(reuseAnalysis = false): void {
    const doc = history.doc;
    const docChanged = doc !== state.doc;
    const inGesture = history.gesture !== null;
    emit({
      ...state,
      ...(reuseAnalysis ? { doc } : docChanged ? analyzed(doc) : {}),
      selection: liveSelection(doc),
      canUndo: canUndo(history),
      canRedo: canRedo(history),
      undoLabel: undoLabel(history),
      redoLabel: redoLabel(history),
      // Serialising every drag frame of a big graph is wasted work: the check runs when the gesture ends.
      dirty: inGesture ? state.dirty || docChanged : serialize(doc) !== savedText,
      revision: docChanged ? state.revision + 1 : state.revision,
    });
  }

  const store: EditorStore = {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    run(name, args) {
      const executed = execute(history, name, args);
      if (!executed.changed) return undefined;
      history = executed.history;
      publish(LAYOUT_ONLY.has(name));
      return executed.result;
    },
    beginGesture(label) {
      history = beginGesture(history, label);
    },
    endGesture() {
      if (!history.gesture) return;
      history = endGesture(history);
      publish(true);
    },
    transaction(label, body) {
      store.beginGesture(label);
      try {
        return body();
      } finally {
        store.endGesture();
      }
    },
    undo() {
      history = undo(history);
      publish();
    },
    redo() {
      history = redo(history);
      publish();
    },
    load(doc, projectId, opts) {
      history = createHistory(doc);
      savedText = opts?.dirty ? '' : serialize(doc);
      state = {
        ...state,
        selection: opts?.keepSelection ? liveSelection(doc) : EMPTY_SELECTION,
        measured: new Map(),
        projectId,
        loads: state.loads + 1,
      };
      emit({ ...state, ...analyzed(doc) });
      publish();
    },
    markSaved(projectId) {
      savedText = serialize(state.doc);
      emit({ ...state, projectId, dirty: false });
    },
    reanalyze() {
      emit({ ...state, ...analyzed(state.doc) });
    },
    select(nodes, edges = []) {
      emit({ ...state, selection: { nodes: new Set(nodes), edges: new Set(edges) } });
    },
    setMeasured(entries) {
      if (entries.length === 0) return;
      const measured = new Map(state.measured);
      for (const [id, dims] of entries) measured.set(id, dims);
      emit({ ...state, measured });
    },
    history: () => history,
  };
  return store;
}
