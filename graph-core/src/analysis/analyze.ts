import { checkParam, getKindSpec, isFrozen, isParamShown, resolveParams } from '../catalogue/index';
import type { GraphDocument, GraphEdge, GraphNode, JsonValue } from '../document/types';
import { datasetFacts, dataNodeShape } from './data-chain';
import { ancestors, buildIndex, descendants, topoSort, type GraphIndex } from './graph-index';
import { inferLayer, isLayerType, unsupported } from './infer';
import type { Inferred, Issue } from './infer-common';
import { checkLabels } from './labels';
import { activationLimit, depthLimit } from './limits';
import { formatCount, joinAnd, nodeName, showShape } from './names';
import { edgeKindProblem, roleOf } from './roles';
import {
  findRoles,
  looseNodes,
  offPathNodes,
  softenBarePipelineNodes,
  softenOffPath,
  strayNodes,
} from './structure';
import type { AnalysisContext, DatasetInfo, Diagnostic, GraphAnalysis, NodeAnalysis, Shape } from './types';
import { DEFAULT_MAX_PARAMS } from './types';

/**
 * Shapes, parameter counts and every diagnostic for a document. Pure and O(nodes + edges), so the
 * editor can run it on every edit.
 */
export function analyzeGraph(doc: GraphDocument, ctx: AnalysisContext = {}): GraphAnalysis {
  const diagnostics: Diagnostic[] = [];
  const badEdges = new Set<string>();
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  for (const e of doc.edges) {
    const problem = edgeProblem(e, byId);
    if (problem) {
      badEdges.add(e.id);
      diagnostics.push(problem);
    }
  }
  const index = buildIndex(doc, (e) => !badEdges.has(e.id));
  const { order, onCycle } = topoSort(doc, index);
  for (const id of onCycle) {
    const node = byId.get(id) as GraphNode;
    diagnostics.push({
      nodeId: id,
      field: 'inputs',
      severity: 'error',
      message: `${nodeName(node)} is part of a cycle: wires must flow one way, from the Dataset to the Optimizer`,
    });
  }
  const { roles, diagnostics: roleDiags } = findRoles(doc, index);
  diagnostics.push(...roleDiags);

  const nodes: Record<string, NodeAnalysis> = {};
  for (const n of doc.nodes) nodes[n.id] = { outputShape: null, params: 0 };
  const params = new Map<string, Record<string, JsonValue>>();
  const facts = new Map<string, { info: DatasetInfo | null; title: string }>();
  const loose = looseNodes(doc, index);

  for (const id of order) {
    const node = byId.get(id) as GraphNode;
    const name = nodeName(node);
    const resolved = resolveParams(node);
    params.set(id, resolved);
    const issues: Issue[] = [
      ...paramIssues(node, name, resolved),
      ...(loose.has(id) ? [] : arityIssues(node, name, index)),
    ];
    // A loose node has no data to infer from: it gets one "not connected yet" (strayNodes), no shape.
    const result =
      loose.has(id) || issues.some((i) => i.severity === 'error')
        ? null
        : infer(node, name, resolved, index, nodes, ctx, facts);
    if (result) {
      issues.push(...result.issues);
      nodes[id] = {
        outputShape: result.shape,
        params: result.params,
        ...(result.nonTrainable ? { nonTrainableParams: result.nonTrainable } : {}),
      };
    }
    for (const i of issues) diagnostics.push({ nodeId: id, ...i });
  }

  const modelOrder = modelNodes(order, index, roles.inputId, roles.outputId, byId);
  const modelSet = new Set(modelOrder);
  diagnostics.push(...strayNodes(doc, index, roles, modelSet, onCycle, loose));
  const offPath = offPathNodes(doc, index, roles, modelSet, loose);
  for (const id of onCycle) offPath.delete(id); // a cycle is always an error
  for (let i = 0; i < diagnostics.length; i++)
    diagnostics[i] = softenOffPath(diagnostics[i] as Diagnostic, offPath);
  const notWired = softenBarePipelineNodes(doc, diagnostics);
  if (notWired) diagnostics.push(notWired);

  const data = roles.datasetId ? facts.get(roles.datasetId) : undefined;
  if (data?.info && roles.outputId && roles.lossId && modelSet.has(roles.outputId)) {
    diagnostics.push(
      ...checkLabels({
        index,
        nodes,
        params,
        outputId: roles.outputId,
        lossId: roles.lossId,
        info: data.info,
        title: data.title,
      }),
    );
  }
  let totalParams = 0;
  let nonTrainableParams = 0;
  for (const id of modelOrder) {
    totalParams += nodes[id]?.params ?? 0;
    nonTrainableParams += nodes[id]?.nonTrainableParams ?? 0;
  }
  const cap = ctx.maxParams ?? DEFAULT_MAX_PARAMS;
  if (totalParams > cap) diagnostics.push(sizeCap(totalParams, cap, modelOrder, nodes, byId));
  for (const limit of [
    depthLimit(modelOrder, index),
    activationLimit(doc, modelOrder, nodes, byId, roles.optimizerId, ctx.maxActivationBytes),
  ])
    if (limit) diagnostics.push(limit);
  const frozen = modelOrder.filter((id) => isFrozen(byId.get(id) as GraphNode));
  if (frozen.length > 0 && totalParams > 0 && totalParams === nonTrainableParams)
    diagnostics.push(allFrozen(frozen.map((id) => byId.get(id) as GraphNode)));
  return {
    valid: !diagnostics.some((d) => d.severity === 'error'),
    nodes,
    diagnostics,
    totalParams,
    nonTrainableParams,
    modelOrder,
    roles,
    dataset: data?.info ?? null,
  };
}

function edgeProblem(e: GraphEdge, byId: Map<string, GraphNode>): Diagnostic | null {
  const source = byId.get(e.source);
  const target = byId.get(e.target);
  if (!source || !target) {
    const missing = !source ? e.source : e.target;
    return {
      nodeId: source?.id ?? target?.id ?? null,
      field: 'inputs',
      severity: 'error',
      message: `Wire "${e.id}" connects to "${missing}", which is not in the graph`,
    };
  }
  if (e.source === e.target) return null; // a self-loop is reported as a cycle
  const problem = edgeKindProblem(source, target, nodeName);
  return problem ? { nodeId: target.id, field: 'inputs', severity: 'error', message: problem } : null;
}

function paramIssues(node: GraphNode, name: string, resolved: Record<string, JsonValue>): Issue[] {
  const issues: Issue[] = [];
  for (const spec of getKindSpec(node.type).params) {
    if (!isParamShown(spec, resolved)) continue;
    const reason = checkParam(spec, node.params[spec.name]);
    if (reason) issues.push({ severity: 'error', field: spec.name, message: `${name}: ${reason}` });
  }
  return issues;
}

function arityIssues(node: GraphNode, name: string, index: GraphIndex): Issue[] {
  const { min, max } = getKindSpec(node.type).inputs;
  const count = index.incoming.get(node.id)?.length ?? 0;
  const role = roleOf(node.type);
  if (count < min) {
    const hint =
      role === 'optimizer'
        ? 'connect the Loss to it'
        : role === 'loss'
          ? "connect the model's output to it"
          : 'connect one';
    const message =
      count === 0 ? `${name} has no input: ${hint}` : `${name} needs at least ${min} inputs, it has ${count}`;
    return [{ severity: 'error', field: 'inputs', message }];
  }
  if (count > max) {
    return [
      {
        severity: 'error',
        field: 'inputs',
        message: `${name} takes ${max === 0 ? 'no input' : max === 1 ? 'one input' : `at most ${max} inputs`}, it has ${count}`,
      },
    ];
  }
  return [];
}

function infer(
  node: GraphNode,
  name: string,
  p: Record<string, JsonValue>,
  index: GraphIndex,
  nodes: Record<string, NodeAnalysis>,
  ctx: AnalysisContext,
  facts: Map<string, { info: DatasetInfo | null; title: string }>,
): Inferred | null {
  const edges = index.incoming.get(node.id) ?? [];
  // An import placeholder reports itself even behind another one (whose output shape is unknown).
  if (node.type === 'Unsupported') return unsupported({ node, params: p });
  const inputs = edges.map((e) => nodes[e.source]?.outputShape ?? null);
  if (inputs.some((s) => s === null)) return null; // upstream already reported why
  const shapes = inputs as Shape[];
  const dims = (shapes[0]?.slice(1) ?? []) as number[];
  const type = node.type;
  if (type === 'Dataset') {
    const f = datasetFacts(node, name, p, ctx);
    facts.set(node.id, { info: f.info, title: f.title });
    return { shape: f.featureShape ? [null, ...f.featureShape] : null, params: 0, issues: f.issues };
  }
  if (roleOf(type) === 'data') {
    const r = dataNodeShape(node, name, p, dims);
    return { shape: r.dims ? [null, ...r.dims] : null, params: 0, issues: r.issues };
  }
  if (type === 'Input') return inferInput(node, name, p, shapes[0]);
  if (isLayerType(type)) return inferLayer(type, { node, name, params: p, inputs: shapes, edges });
  return { shape: null, params: 0, issues: [] };
}

function inferInput(
  node: GraphNode,
  name: string,
  p: Record<string, JsonValue>,
  fromData: Shape | undefined,
): Inferred {
  const own = Array.isArray(p.shape) ? (p.shape as number[]) : null;
  const data = fromData ? (fromData.slice(1) as number[]) : null;
  if (own && data && (own.length !== data.length || own.some((d, i) => d !== data[i]))) {
    return {
      shape: null,
      params: 0,
      issues: [
        {
          severity: 'error',
          field: 'shape',
          message: `${name} has shape ${showShape(own)} but the data gives ${showShape(data)}: clear shape to use the data's`,
          fix: {
            kind: 'setParam',
            label: `Use the data's shape ${showShape(data)}`,
            nodeId: node.id,
            field: 'shape',
            value: null,
          },
        },
      ],
    };
  }
  const dims = own ?? data;
  // With nothing wired in yet this is "not connected yet": the Dataset's own diagnostic (or "no
  // Dataset") is the error that keeps Train blocked.
  if (!dims)
    return {
      shape: null,
      params: 0,
      issues: [
        {
          severity: 'warning',
          field: 'shape',
          message: `${name} has no shape: connect a Dataset or set shape`,
        },
      ],
    };
  return { shape: [null, ...dims], params: 0, issues: [] };
}

function modelNodes(
  order: string[],
  index: GraphIndex,
  inputId: string | null,
  outputId: string | null,
  byId: Map<string, GraphNode>,
): string[] {
  if (!inputId) return [];
  const from = descendants(index, inputId);
  const to = outputId ? ancestors(index, outputId) : null;
  return order.filter((id) => {
    const role = roleOf((byId.get(id) as GraphNode).type);
    return (role === 'input' || role === 'layer') && from.has(id) && (!to || to.has(id));
  });
}

/** tfjs cannot take a training step without one trainable weight; offer to thaw the last frozen layer. */
function allFrozen(frozen: GraphNode[]): Diagnostic {
  const last = frozen[frozen.length - 1] as GraphNode;
  const which = frozen.length <= 3 ? joinAnd(frozen.map(nodeName)) : `${frozen.length} layers`;
  return {
    nodeId: last.id,
    field: 'trainable',
    severity: 'error',
    message: `Every layer with weights is frozen (${which}), so training would change nothing: make at least one trainable, e.g. ${nodeName(last)}`,
    fix: {
      kind: 'setParam',
      label: `Unfreeze ${nodeName(last)}`,
      nodeId: last.id,
      field: 'trainable',
      value: true,
    },
  };
}

function sizeCap(
  total: number,
  cap: number,
  order: string[],
  nodes: Record<string, NodeAnalysis>,
  byId: Map<string, GraphNode>,
): Diagnostic {
  let biggest = order[0] ?? null;
  for (const id of order)
    if ((nodes[id]?.params ?? 0) > (biggest ? (nodes[biggest]?.params ?? 0) : -1)) biggest = id;
  const node = biggest ? byId.get(biggest) : undefined;
  const share = node ? `; ${nodeName(node)} alone has ${formatCount(nodes[node.id]?.params ?? 0)}` : '';
  return {
    nodeId: node?.id ?? null,
    severity: 'error',
    message: `The model needs ${formatCount(total)} parameters, more than the limit of ${formatCount(cap)}${share}: use fewer units or filters, or pool before Flatten`,
  };
}
