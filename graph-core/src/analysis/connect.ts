import { getKindSpec } from '../catalogue/index';
import type { GraphDocument, GraphNode } from '../document/types';
import { handleIndex } from './graph-index';
import { nodeName } from './names';
import { edgeKindProblem } from './roles';

export interface ConnectionRequest {
  source: string;
  target: string;
  targetHandle?: string | null;
}

export type ConnectionVerdict = { ok: true } | { ok: false; reason: string };

const refuse = (reason: string): ConnectionVerdict => ({ ok: false, reason });

/** Whether the editor may add a wire; the reason is shown to the user when not. */
export function canConnect(doc: GraphDocument, req: ConnectionRequest): ConnectionVerdict {
  const source = doc.nodes.find((n) => n.id === req.source);
  const target = doc.nodes.find((n) => n.id === req.target);
  if (!source || !target) return refuse(`There is no node "${!source ? req.source : req.target}"`);
  if (source.id === target.id) return refuse(`${nodeName(source)} cannot take its own output`);
  const spec = getKindSpec(target.type);
  if (!getKindSpec(source.type).hasOutput) return refuse(`${nodeName(source)} has no output to connect`);
  const kind = edgeKindProblem(source, target, nodeName);
  if (kind) return refuse(kind);
  const incoming = doc.edges.filter((e) => e.target === target.id);
  if (incoming.length >= spec.inputs.max) {
    return refuse(
      spec.inputs.max === 0
        ? `${nodeName(target)} takes no input`
        : `${nodeName(target)} already has ${spec.inputs.max === 1 ? 'its input' : `${spec.inputs.max} inputs`}: delete a wire first`,
    );
  }
  const handle = req.targetHandle ?? undefined;
  if (spec.inputs.ordered && handle !== undefined) {
    if (handleIndex(handle) === undefined) return refuse(`${nodeName(target)} has no port "${handle}"`);
    if (incoming.some((e) => e.targetHandle === handle))
      return refuse(`Port ${handle} of ${nodeName(target)} is taken: delete its wire first`);
  }
  if (reaches(doc, target.id, source.id))
    return refuse(`Connecting ${nodeName(source)} to ${nodeName(target)} would make a cycle`);
  return { ok: true };
}

function reaches(doc: GraphDocument, from: string, to: string): boolean {
  const out = new Map<string, string[]>();
  for (const e of doc.edges) {
    const list = out.get(e.source);
    if (list) list.push(e.target);
    else out.set(e.source, [e.target]);
  }
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === to) return true;
    for (const next of out.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}

function usedHandles(doc: GraphDocument, target: string): Set<number> {
  const used = new Set<number>();
  for (const e of doc.edges) {
    if (e.target !== target) continue;
    const i = handleIndex(e.targetHandle);
    if (i !== undefined) used.add(i);
  }
  return used;
}

/** The lowest free `inN` port of a multi-input node; undefined for single-input kinds. */
export function nextFreeHandle(doc: GraphDocument, target: string): string | undefined {
  const node: GraphNode | undefined = doc.nodes.find((n) => n.id === target);
  if (!node || !getKindSpec(node.type).inputs.ordered) return undefined;
  const used = usedHandles(doc, target);
  let i = 0;
  while (used.has(i)) i++;
  return `in${i}`;
}

/**
 * The ports a multi-input node shows, in order: every port in use, at least `min`, and one free
 * port to wire the next input into. Empty for single-input kinds.
 */
export function portHandles(doc: GraphDocument, target: string): string[] {
  const node = doc.nodes.find((n) => n.id === target);
  if (!node) return [];
  const { ordered, min, max } = getKindSpec(node.type).inputs;
  if (!ordered) return [];
  const used = usedHandles(doc, target);
  const highest = used.size ? Math.max(...used) : -1;
  const count = Math.min(max, Math.max(min, highest + 2));
  return Array.from({ length: count }, (_, i) => `in${i}`);
}
