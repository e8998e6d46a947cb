/**
 * A Dataset node's `path` in the app: the host reads the file or image folder relative to the
 * project file's folder (as the CLI does), and graph-core parses the bytes with the same CSV
 * reader and image import an upload goes through.
 */
import type { ImageFileSource } from '../../../graph-core/src/data';
import type { ImportIO } from '../../../graph-core/src/data';
import type { HostApi } from '../../../host/src/contract';

/** Why a path cannot be read before the project has a folder (new, or opened from a template). */
export const NO_PROJECT_FOLDER =
  'the project is not saved in the workspace yet, so the path has no folder to be relative to: ' +
  'save the project beside its data, or import the data in the Data panel';

export interface ProjectDataOptions {
  /**
   * Whether image folders come with their bytes. Analysis only needs the class folders, so it
   * lists names and sizes; loading for a preview or training decodes the images.
   */
  folderBytes: boolean;
}

const EMPTY = new Uint8Array(0);

export function projectDataIO(
  host: Pick<HostApi, 'readProjectData'>,
  projectId: string | null,
  options: ProjectDataOptions,
): Required<Pick<ImportIO, 'readFile' | 'listFolder'>> {
  return {
    async readFile(path) {
      if (!projectId) throw new Error(NO_PROJECT_FOLDER);
      const r = await host.readProjectData({ projectId, path, kind: 'file' });
      if (r.kind !== 'file') throw new Error(`the host sent a folder for the file "${path}"`);
      return r.bytes;
    },
    async listFolder(path) {
      if (!projectId) throw new Error(NO_PROJECT_FOLDER);
      const r = await host.readProjectData({
        projectId,
        path,
        kind: 'folder',
        bytes: options.folderBytes,
      });
      if (r.kind !== 'folder') throw new Error(`the host sent a file for the folder "${path}"`);
      // A file sent without bytes is one the import skips by name or size before reading it; an
      // empty read would fail the header check and be reported as skipped, never decoded.
      return r.files.map((f): ImageFileSource => ({
        path: f.path,
        size: f.size,
        read: async () => f.bytes ?? EMPTY,
      }));
    },
  };
}
