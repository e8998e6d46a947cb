import {
  CURRENT_VERSION,
  FORMAT_NAME,
  parseProject,
  serializeProject,
  type GraphDocument,
} from '../../../graph-core/src/document';

export { parseProject, serializeProject };

export function emptyDocument(name = 'Untitled'): GraphDocument {
  return { format: FORMAT_NAME, version: CURRENT_VERSION, name, nodes: [], edges: [] };
}
