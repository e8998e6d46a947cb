/**
 * The editor's analysis with imported data known: each edit is analysed at once from what the
 * resolver remembers; when a Dataset's facts are missing they are read in the background and the
 * store analyses again once they arrive, so edges show real shapes without slowing editing.
 */
import { analyzeGraph } from '../../../graph-core/src/analysis';
import type { GraphAnalysis } from '../../../graph-core/src/analysis';
import { datasetInfoContext, withDataProblems } from '../../../graph-core/src/data';
import type { GraphDocument } from '../../../graph-core/src/document';
import type { DatasetInfoResolver } from './datasetInfoResolver';

export interface DataAwareAnalysis {
  analyze(doc: GraphDocument): GraphAnalysis;
  /** The store to re-analyse when facts arrive; set once it exists (it needs `analyze` first). */
  attach(store: { reanalyze(): void }): void;
  /** Forgets what was read (after an import or a delete) and analyses again. */
  refresh(): void;
  /** Settles when no background read is running (tests, and the e2e debug handle). */
  idle(): Promise<void>;
}

export function createDataAwareAnalysis(resolver: DatasetInfoResolver): DataAwareAnalysis {
  let store: { reanalyze(): void } | null = null;
  let running: Promise<void> = Promise.resolve();
  let scheduled = false;
  let latest: GraphDocument | null = null;

  function schedule(doc: GraphDocument): void {
    latest = doc;
    if (scheduled) return;
    scheduled = true;
    // One read for a burst of edits, started after the current edit has been drawn.
    running = running.then(async () => {
      scheduled = false;
      const target = latest;
      if (!target) return;
      const learned = await resolver.resolve(target).catch(() => false);
      if (learned) store?.reanalyze();
    });
  }

  return {
    analyze(doc) {
      const { infos, problems, pending } = resolver.known(doc);
      if (pending.length > 0) schedule(doc);
      return withDataProblems(analyzeGraph(doc, datasetInfoContext(infos)), problems);
    },
    attach(s) {
      store = s;
    },
    refresh() {
      resolver.refresh();
      store?.reanalyze();
    },
    idle: () => running,
  };
}
