import type { GraphDocument } from '../../../graph-core/src/document';
import type { NamedWeight } from '../../../graph-core/src/weights';
import type { HostApi } from '../../../host/src/contract';

/**
 * The weights an imported project starts from, read from its sidecar through the host. A project
 * that carries some but was never saved has no folder to read them from: it is saved first.
 */
export async function carriedWeights(
  host: Pick<HostApi, 'readProjectWeights'>,
  doc: GraphDocument,
  projectId: string | null,
): Promise<NamedWeight[]> {
  if (!doc.weights || doc.weights.nodes.length === 0) return [];
  if (!projectId)
    throw new Error('this project carries imported weights in a file beside it; save it before training');
  const { weights } = await host.readProjectWeights({ projectId, manifest: doc.weights.manifest });
  return weights.map((w) => ({
    name: w.name,
    shape: w.shape,
    data: new Float32Array(w.data.slice().buffer),
  }));
}
