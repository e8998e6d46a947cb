import type { GraphNode, JsonValue } from '../document/types';
import type { DatasetSource } from '../catalogue/identifiers';
import type { Issue } from './infer-common';
import { showShape } from './names';
import { perAxis } from '../catalogue/values';
import type { AnalysisContext, DatasetInfo } from './types';

const BUILTIN: Partial<Record<DatasetSource, DatasetInfo & { title: string }>> = {
  mnist: {
    title: 'MNIST',
    featureShape: [28, 28, 1],
    numClasses: 10,
    task: 'classification',
    classNames: '0123456789'.split(''),
  },
  iris: {
    title: 'Iris',
    featureShape: [4],
    numClasses: 3,
    task: 'classification',
    classNames: ['setosa', 'versicolor', 'virginica'],
  },
  spiral: { title: 'Spiral', featureShape: [2], numClasses: 2, task: 'classification' },
  circles: { title: 'Circles', featureShape: [2], numClasses: 2, task: 'classification' },
  xor: { title: 'XOR', featureShape: [2], numClasses: 2, task: 'classification' },
  gaussian: { title: 'Gaussian', featureShape: [2], numClasses: 2, task: 'classification' },
};

/** What a Dataset node gives, as far as it can be known without reading files. */
export interface DataFacts {
  featureShape: number[] | null;
  info: DatasetInfo | null;
  /** How messages name the data, e.g. "Iris" or `Dataset "flowers"`. */
  title: string;
  issues: Issue[];
}

export function datasetFacts(
  node: GraphNode,
  name: string,
  params: Record<string, JsonValue>,
  ctx: AnalysisContext,
): DataFacts {
  const source = params.source as DatasetSource;
  const builtin = BUILTIN[source];
  if (builtin) {
    const { title, ...info } = builtin;
    return { featureShape: info.featureShape, info, title, issues: [] };
  }
  const issues: Issue[] = [];
  const fromCtx = ctx.datasetInfo?.(node) ?? null;
  if (fromCtx) return { featureShape: fromCtx.featureShape, info: fromCtx, title: name, issues };
  if (!params.path && !params.datasetId) {
    const what = source === 'csv' ? 'a CSV file' : 'an image folder';
    issues.push({ severity: 'error', field: 'path', message: `${name} needs ${what}: set its path` });
    return { featureShape: null, info: null, title: name, issues };
  }
  if (source === 'images') {
    const [h, w] = perAxis(params.imageSize, 2, [1, 1]);
    return { featureShape: [h ?? 1, w ?? 1, params.channels as number], info: null, title: name, issues };
  }
  issues.push({
    severity: 'warning',
    field: 'path',
    message: `${name}: the columns of "${String(params.path || params.datasetId)}" are not known yet, so the shapes after it cannot be checked`,
  });
  return { featureShape: null, info: null, title: name, issues };
}

const IMAGE_OPS = ['flipHorizontal', 'flipVertical', 'shift', 'rotation', 'zoom'] as const;

/** Data nodes keep the sample shape, except Resize; image-only steps are refused on other data. */
export function dataNodeShape(
  node: GraphNode,
  name: string,
  params: Record<string, JsonValue>,
  dims: number[],
): { dims: number[] | null; issues: Issue[] } {
  const isImage = dims.length === 3;
  if (node.type === 'Resize') {
    if (!isImage)
      return refuse(
        `${name} needs images [height, width, channels] but the data is ${showShape(dims)}`,
        'inputs',
      );
    const [h, w] = perAxis(params.size, 2, [1, 1]);
    return { dims: [h ?? 1, w ?? 1, dims[2] as number], issues: [] };
  }
  if (node.type === 'Augment' && !isImage) {
    const used = IMAGE_OPS.find(
      (op) => params[op] === true || (typeof params[op] === 'number' && params[op] > 0),
    );
    if (used)
      return refuse(`${name}: ${used} works on images only, but the data is ${showShape(dims)}`, used);
  }
  return { dims, issues: [] };
}

function refuse(message: string, field: string) {
  return { dims: null, issues: [{ severity: 'error' as const, field, message }] };
}
