import { analyzeGraph } from '../../../graph-core/src/analysis';
import type { GraphAnalysis, Shape } from '../../../graph-core/src/analysis';
import type { GraphDocument } from '../../../graph-core/src/document';

/** `validate --json` output: a contract (issue 2 §5); keys are always present. */
export interface ValidateJson {
  valid: boolean;
  totalParams: number;
  /** The part of totalParams training leaves alone: frozen layers and moving statistics. */
  nonTrainableParams: number;
  nodes: { id: string; type: string; outputShape: Shape | null; params: number }[];
  diagnostics: { nodeId: string | null; field: string | null; severity: string; message: string }[];
}

export function validateJson(doc: GraphDocument, analysis: GraphAnalysis = analyzeGraph(doc)): ValidateJson {
  return {
    valid: analysis.valid,
    totalParams: analysis.totalParams,
    nonTrainableParams: analysis.nonTrainableParams,
    nodes: doc.nodes.map((n) => ({
      id: n.id,
      type: n.type,
      outputShape: analysis.nodes[n.id]?.outputShape ?? null,
      params: analysis.nodes[n.id]?.params ?? 0,
    })),
    diagnostics: analysis.diagnostics.map((d) => ({
      nodeId: d.nodeId,
      field: d.field ?? null,
      severity: d.severity,
      message: d.message,
    })),
  };
}

/** Keras' notation: the batch dimension shows as None; nodes with no tensor output (Loss, Optimizer) show a dash. */
function kerasShape(shape: Shape | null, hasOutput: boolean): string {
  if (!hasOutput) return '—';
  if (!shape) return '?';
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')}${shape.length === 1 ? ',' : ''})`;
}

const count = (n: number) => n.toLocaleString('en-US');

/** A Keras-like summary: one row per node in file order, totals, then the diagnostics. */
export function validateTable(
  doc: GraphDocument,
  file: string,
  analysis: GraphAnalysis = analyzeGraph(doc),
): string {
  const rows = doc.nodes.map((n) => [
    n.label?.trim() ? `${n.label} (${n.id})` : n.id,
    n.type,
    kerasShape(analysis.nodes[n.id]?.outputShape ?? null, n.type !== 'Loss' && n.type !== 'Optimizer'),
    count(analysis.nodes[n.id]?.params ?? 0),
  ]);
  const header = ['Node', 'Type', 'Output shape', 'Params'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = '─'.repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  const out = [
    `${doc.name} (${file})`,
    rule,
    line(header),
    rule,
    ...rows.map(line),
    rule,
    `Total params: ${count(analysis.totalParams)}`,
    `Trainable params: ${count(analysis.totalParams - analysis.nonTrainableParams)}`,
    `Non-trainable params: ${count(analysis.nonTrainableParams)}`,
  ];
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
  if (analysis.diagnostics.length > 0) {
    out.push('');
    for (const d of analysis.diagnostics) {
      const where = d.nodeId ? `${d.nodeId}${d.field ? `.${d.field}` : ''}: ` : '';
      out.push(`${d.severity.padEnd(7)} ${where}${d.message}`);
    }
  }
  out.push(
    '',
    analysis.valid
      ? 'Valid: ready to train.'
      : `Invalid: ${errors} error${errors === 1 ? '' : 's'} to fix before training.`,
  );
  return out.join('\n');
}
