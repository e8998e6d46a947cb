import type { GraphDocument, GraphNode } from '../document/types';
import { ancestors, descendants, type GraphIndex } from './graph-index';
import { nodeName } from './names';
import type { Role } from './roles';
import { roleOf } from './roles';
import type { Diagnostic, GraphRoles } from './types';

const SINGLETONS: { role: Role; type: string; hint: string }[] = [
  { role: 'dataset', type: 'Dataset', hint: 'add one to say what the model learns from' },
  { role: 'input', type: 'Input', hint: 'add one after the Dataset' },
  { role: 'loss', type: 'Loss', hint: "add one and connect the model's output to it" },
  { role: 'optimizer', type: 'Optimizer', hint: 'add one and connect the Loss to it' },
];

/** Finds the one Dataset, Input, Loss and Optimizer; reports missing and extra ones. */
export function findRoles(
  doc: GraphDocument,
  index: GraphIndex,
): { roles: GraphRoles; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const first: Partial<Record<Role, GraphNode>> = {};
  for (const node of doc.nodes) {
    const role = roleOf(node.type);
    if (!SINGLETONS.some((s) => s.role === role)) continue;
    if (!first[role]) first[role] = node;
    else {
      diagnostics.push({
        nodeId: node.id,
        severity: 'error',
        message: `${nodeName(node)} is a second ${node.type}: a graph has exactly one (the first is ${nodeName(first[role])})`,
      });
    }
  }
  for (const s of SINGLETONS) {
    if (!first[s.role])
      diagnostics.push({ nodeId: null, severity: 'error', message: `The graph has no ${s.type}: ${s.hint}` });
  }
  const lossId = first.loss?.id ?? null;
  const outputEdge = lossId ? index.incoming.get(lossId)?.[0] : undefined;
  const inputId = first.input?.id ?? null;
  const dataChain = inputId ? chainInto(inputId, index) : [];
  const datasetId = first.dataset?.id ?? null;
  if (first.dataset && !dataChain.includes(first.dataset.id)) {
    diagnostics.push({
      nodeId: first.dataset.id,
      field: 'inputs',
      severity: 'error',
      message: `${nodeName(first.dataset)} does not feed the Input: connect it (through any data nodes) to the Input`,
    });
  }
  return {
    roles: {
      datasetId,
      inputId,
      outputId: outputEdge?.source ?? null,
      lossId,
      optimizerId: first.optimizer?.id ?? null,
      dataChain,
    },
    diagnostics,
  };
}

/** Dataset → data nodes leading into `inputId`, in data-flow order. */
function chainInto(inputId: string, index: GraphIndex): string[] {
  const chain: string[] = [];
  const seen = new Set<string>([inputId]);
  let edge = index.incoming.get(inputId)?.[0];
  while (edge && !seen.has(edge.source)) {
    const node = index.byId.get(edge.source);
    if (!node) break;
    const role = roleOf(node.type);
    if (role !== 'data' && role !== 'dataset') break;
    seen.add(node.id);
    chain.push(node.id);
    edge = index.incoming.get(node.id)?.[0];
  }
  return chain.reverse();
}

/**
 * Layers and data nodes that no Dataset or Input feeds and that do not lead to the Loss: nodes the
 * user has placed but not wired in yet (one node or a pasted group). They get one "not connected
 * yet" warning each and no shape; nothing about them is an error, since they are simply not used.
 */
export function looseNodes(doc: GraphDocument, index: GraphIndex): Set<string> {
  const fed = new Set<string>();
  const toLoss = new Set<string>();
  for (const node of doc.nodes) {
    const role = roleOf(node.type);
    if (role === 'dataset' || role === 'input') for (const id of descendants(index, node.id)) fed.add(id);
    if (role === 'loss') for (const id of ancestors(index, node.id)) toLoss.add(id);
  }
  const loose = new Set<string>();
  for (const node of doc.nodes) {
    const role = roleOf(node.type);
    if ((role === 'layer' || role === 'data') && !fed.has(node.id) && !toLoss.has(node.id))
      loose.add(node.id);
  }
  return loose;
}

/** Nodes that would silently be left out of training. */
export function strayNodes(
  doc: GraphDocument,
  index: GraphIndex,
  roles: GraphRoles,
  modelNodes: ReadonlySet<string>,
  skip: ReadonlySet<string>,
  loose: ReadonlySet<string>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const chain = new Set(roles.dataChain);
  for (const node of doc.nodes) {
    if (skip.has(node.id)) continue;
    const role = roleOf(node.type);
    if (loose.has(node.id)) {
      const between = role === 'data' ? 'the Dataset and the Input' : 'the Input and the Loss';
      out.push({
        nodeId: node.id,
        field: 'inputs',
        severity: 'warning',
        message: `${nodeName(node)} is not connected yet: wire it between ${between} to use it (until then it is ignored)`,
      });
    } else if (role === 'layer' && roles.outputId && !modelNodes.has(node.id)) {
      out.push({
        nodeId: node.id,
        severity: 'warning',
        message: `${nodeName(node)} does not lead from the Input to the Loss, so it is not part of the trained model`,
      });
    } else if (role === 'data' && roles.inputId && !chain.has(node.id)) {
      out.push({
        nodeId: node.id,
        severity: 'warning',
        message: `${nodeName(node)} does not lead to the Input, so it has no effect`,
      });
    }
  }
  return out;
}

/**
 * Layers and data nodes fed with data but off the path the model trains (a branch that does not
 * reach the Loss, data nodes that do not reach the Input). What is wrong with them cannot block
 * training, and no quick fix may delete them: the user is probably still wiring them.
 */
export function offPathNodes(
  doc: GraphDocument,
  index: GraphIndex,
  roles: GraphRoles,
  modelNodes: ReadonlySet<string>,
  loose: ReadonlySet<string>,
): Set<string> {
  const off = new Set<string>(loose);
  const chain = new Set(roles.dataChain);
  // What leads to the Loss is on the path even when nothing feeds it yet: that is a real error.
  const toLoss = roles.lossId ? ancestors(index, roles.lossId) : new Set<string>();
  for (const node of doc.nodes) {
    const role = roleOf(node.type);
    if (role === 'layer' && roles.outputId && !modelNodes.has(node.id) && !toLoss.has(node.id))
      off.add(node.id);
    if (role === 'data' && roles.inputId && !chain.has(node.id)) off.add(node.id);
  }
  return off;
}

/** What is said about a node off the trained path: errors become warnings, deleting fixes go. */
export function softenOffPath(d: Diagnostic, off: ReadonlySet<string>): Diagnostic {
  if (d.nodeId === null || !off.has(d.nodeId)) return d;
  const { fix, ...rest } = d;
  const keep = fix && fix.kind !== 'removeNode' ? { fix } : {};
  return { ...rest, ...keep, severity: d.severity === 'error' ? 'warning' : d.severity };
}

/**
 * A Dataset, Input, Loss or Optimizer with no wire at all has just been placed: it says "not
 * connected yet" as a warning, and the graph carries the one error that keeps Train blocked until
 * it is wired (rewrites `diagnostics` in place; returns that graph-level error, or null).
 */
export function softenBarePipelineNodes(doc: GraphDocument, diagnostics: Diagnostic[]): Diagnostic | null {
  const wired = new Set<string>();
  for (const e of doc.edges) wired.add(e.source).add(e.target);
  const bare = new Map<string, GraphNode>();
  for (const node of doc.nodes) {
    const role = roleOf(node.type);
    if (!wired.has(node.id) && role !== 'layer' && role !== 'data') bare.set(node.id, node);
  }
  const softened = new Set<string>();
  for (let i = 0; i < diagnostics.length; i++) {
    const d = diagnostics[i] as Diagnostic;
    const node = d.nodeId === null ? undefined : bare.get(d.nodeId);
    const aboutWiring = d.field === 'inputs' || (node?.type === 'Input' && d.field === 'shape');
    if (!node || d.severity !== 'error' || !aboutWiring) continue;
    diagnostics[i] = { ...d, severity: 'warning', message: `${d.message} (not connected yet)` };
    softened.add(node.id);
  }
  if (softened.size === 0) return null;
  const names = [...bare.values()].map(nodeName).join(', ');
  return {
    nodeId: null,
    severity: 'error',
    message: `Wire ${names} to train: Dataset → Input → layers → Loss → Optimizer`,
  };
}
