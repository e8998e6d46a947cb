import type { GraphDocument, GraphNode } from '../document/types';
import type { GraphIndex } from './graph-index';
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

/** Nodes that would silently be left out of training. */
export function strayNodes(
  doc: GraphDocument,
  index: GraphIndex,
  roles: GraphRoles,
  modelNodes: ReadonlySet<string>,
  skip: ReadonlySet<string>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const chain = new Set(roles.dataChain);
  for (const node of doc.nodes) {
    if (skip.has(node.id)) continue;
    const role = roleOf(node.type);
    const unconnected = !index.incoming.get(node.id)?.length && !index.outgoing.get(node.id)?.length;
    if ((role === 'layer' || role === 'data') && unconnected && doc.nodes.length > 1) {
      out.push({
        nodeId: node.id,
        severity: 'warning',
        message: `${nodeName(node)} is not connected to anything, so it is ignored`,
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

export function isUnconnected(id: string, index: GraphIndex): boolean {
  return !index.incoming.get(id)?.length && !index.outgoing.get(id)?.length;
}
