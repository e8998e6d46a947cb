import type { HostApi } from '../../../../host/src/contract';
import { encodeDataset } from '../../../../graph-core/src/data';
import type { Dataset } from '../../../../graph-core/src/data';
import type { JsonValue } from '../../../../graph-core/src/document';
import type { EditorActions } from '../../store/actions';
import type { EditorStore } from '../../store/editorStore';

/** Keeps the imported data in the workspace so the project trains again without the original files. */
export async function saveToWorkspace(
  host: HostApi,
  dataset: Dataset,
  origin: Record<string, JsonValue>,
): Promise<string> {
  const { meta, data } = encodeDataset(dataset, origin);
  const listing = await host.importDataset({
    name: dataset.name,
    meta: JSON.parse(JSON.stringify(meta)) as Record<string, JsonValue>,
    data,
  });
  return listing.id;
}

/** Points the Dataset node at the import, as one undo step. */
export function applyImportToNode(
  store: EditorStore,
  actions: EditorActions,
  nodeId: string,
  params: Record<string, JsonValue>,
): void {
  store.transaction('Import data', () => {
    for (const [name, value] of Object.entries(params)) actions.setParam(nodeId, name, value);
  });
}
