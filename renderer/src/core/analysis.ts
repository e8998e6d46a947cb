/** The renderer's view of graph-core's analysis: shapes, diagnostics, wiring rules, memory. */
import { analyzeGraph, canConnect, estimateMemoryBytes } from '../../../graph-core/src/analysis';
import type { GraphAnalysis } from '../../../graph-core/src/analysis';
import type { GraphDocument } from '../../../graph-core/src/document';
import { OPTIMIZERS } from '../../../graph-core/src/catalogue';
import { paramsOf } from './catalogue';

export const analyze = (doc: GraphDocument): GraphAnalysis => analyzeGraph(doc);

export interface WireRequest {
  source: string;
  target: string;
  targetHandle: string | null;
}

/** Why this wire is refused, or null when graph-core allows it. */
export function connectionProblem(doc: GraphDocument, wire: WireRequest): string | null {
  const verdict = canConnect(doc, {
    source: wire.source,
    target: wire.target,
    targetHandle: wire.targetHandle ?? undefined,
  });
  return verdict.ok ? null : verdict.reason;
}

const DEFAULT_BATCH = 32;

export function memoryEstimate(
  doc: GraphDocument,
  analysis: GraphAnalysis,
): { bytes: number; batchSize: number } {
  const opt = doc.nodes.find((n) => n.type === 'Optimizer');
  const params = opt ? paramsOf(opt) : {};
  const batchSize =
    typeof params.batchSize === 'number' && params.batchSize > 0 ? params.batchSize : DEFAULT_BATCH;
  const optimizer = OPTIMIZERS.find((o) => o === params.optimizer) ?? 'adam';
  return { bytes: estimateMemoryBytes(analysis, batchSize, optimizer), batchSize };
}
