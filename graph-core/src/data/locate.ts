import { resolveParams } from '../catalogue/index';
import type { GraphNode } from '../document/types';
import type { ImportIO } from './sources';

/** Where a csv/images Dataset node's data comes from, decided once for analysis and loading alike. */
export type DatasetLocation =
  | { from: 'workspace'; id: string; stored: { meta: unknown; data: Uint8Array } }
  | { from: 'path'; path: string }
  /** Neither: `missingId` is the workspace copy the node names when that copy is gone. */
  | { from: 'nowhere'; missingId: string | null };

/**
 * A workspace copy (`datasetId`) wins over `path`, so a project trains again without the original
 * files; the path is the fallback when the copy is gone (or cannot be read in this environment).
 */
export async function locateDataset(
  node: GraphNode,
  io: Pick<ImportIO, 'readWorkspaceDataset'>,
): Promise<DatasetLocation> {
  const p = resolveParams(node);
  const id = typeof p['datasetId'] === 'string' ? p['datasetId'] : '';
  const path = typeof p['path'] === 'string' ? p['path'] : '';
  if (id && io.readWorkspaceDataset) {
    const stored = await io.readWorkspaceDataset(id);
    if (stored) return { from: 'workspace', id, stored };
    if (!path) return { from: 'nowhere', missingId: id };
  }
  return path ? { from: 'path', path } : { from: 'nowhere', missingId: null };
}
