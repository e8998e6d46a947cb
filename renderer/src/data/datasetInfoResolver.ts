/**
 * What imported Dataset nodes give (sample shape, classes), read through graph-core's
 * `readDatasetInfo` over the host, remembered per dataset so per-edit analysis can stay
 * synchronous: `known` answers from memory at once, `resolve` fills the gaps in the background.
 */
import type { DatasetInfo } from '../../../graph-core/src/analysis';
import { resolveParams } from '../../../graph-core/src/catalogue';
import { readDatasetInfo, type DatasetInfoProblem } from '../../../graph-core/src/data';
import type { ImportIO } from '../../../graph-core/src/data';
import type { GraphDocument, GraphNode } from '../../../graph-core/src/document';
import type { HostApi } from '../../../host/src/contract';
import { projectDataIO } from './projectDataIO';

type Problem = Omit<DatasetInfoProblem, 'nodeId'>;
/** `none`: the node does not say enough yet (no label column …); graph-core's own checks speak. */
type Outcome = { info: DatasetInfo } | { problem: Problem } | 'none';

export interface KnownDatasetInfo {
  infos: Record<string, DatasetInfo>;
  problems: DatasetInfoProblem[];
  /** Imported Dataset nodes whose facts have not been read yet. */
  pending: string[];
}

export interface DatasetInfoResolver {
  /** What is known now about each csv/images Dataset node of `doc`; never waits. */
  known(doc: GraphDocument): KnownDatasetInfo;
  /** Reads what `doc`'s pending nodes give; true when something new was learned. */
  resolve(doc: GraphDocument): Promise<boolean>;
  /** Forgets everything read from the workspace, e.g. after an import, a delete or a save. */
  refresh(): void;
}

const EMPTY = new Uint8Array(0);

function isImported(node: GraphNode): boolean {
  if (node.type !== 'Dataset') return false;
  const source = resolveParams(node)['source'];
  return source === 'csv' || source === 'images';
}

/**
 * Everything `readDatasetInfo` looks at: two nodes with the same key give the same facts. The
 * project is part of it because a relative path names another file in another project's folder.
 */
function keyOf(node: GraphNode, projectId: string | null): string {
  const p = resolveParams(node);
  return JSON.stringify([
    projectId,
    p['source'],
    p['datasetId'],
    p['path'],
    p['labelColumn'],
    p['featureColumns'],
    p['imageSize'],
    p['channels'],
  ]);
}

/**
 * `host` needs `listDatasets`, not `readDataset`: analysis wants a dataset's metadata, and the
 * listing carries it without the data bytes (megabytes for an image set). Paths are read with
 * `readProjectData` relative to `projectOf()`, the open project; image folders without bytes.
 */
export function createDatasetInfoResolver(
  host: Pick<HostApi, 'listDatasets' | 'readProjectData'>,
  projectOf: () => string | null = () => null,
): DatasetInfoResolver {
  const outcomes = new Map<string, Outcome>();
  const inFlight = new Map<string, Promise<Outcome>>();
  let listing: Promise<Map<string, unknown>> | null = null;
  let generation = 0;

  function fetchListing(): Promise<Map<string, unknown>> {
    const read = host.listDatasets({}).then((r) => new Map(r.datasets.map((d) => [d.id, d.meta as unknown])));
    // A failed read must not be remembered, or the host would never be asked again.
    read.catch(() => {
      if (listing === read) listing = null;
    });
    return read;
  }

  const workspace: Pick<ImportIO, 'readWorkspaceDataset'> = {
    async readWorkspaceDataset(id) {
      listing ??= fetchListing();
      let metas = await listing;
      if (!metas.has(id)) {
        // A dataset imported since the listing was read: look once more before calling it missing.
        listing = fetchListing();
        metas = await listing;
      }
      return metas.has(id) ? { meta: metas.get(id), data: EMPTY } : null;
    },
  };

  async function readNode(doc: GraphDocument, node: GraphNode, projectId: string | null): Promise<Outcome> {
    // readDatasetInfo names the node and the path in front of any reason a read fails with.
    const io: ImportIO = { ...workspace, ...projectDataIO(host, projectId, { folderBytes: false }) };
    const { infos, problems } = await readDatasetInfo({ ...doc, nodes: [node], edges: [] }, io);
    const info = infos[node.id];
    if (info) return { info };
    const problem = problems[0];
    return problem ? { problem: { field: problem.field, message: problem.message } } : 'none';
  }

  function start(doc: GraphDocument, node: GraphNode, projectId: string | null): Promise<Outcome> {
    const key = keyOf(node, projectId);
    const running = inFlight.get(key);
    if (running) return running;
    const startedIn = generation;
    const work = readNode(doc, node, projectId).finally(() => inFlight.delete(key));
    inFlight.set(key, work);
    return work.then((outcome) => {
      // Facts read before a refresh may be stale; the next analysis asks again.
      if (startedIn === generation) outcomes.set(key, outcome);
      return outcome;
    });
  }

  return {
    known(doc) {
      const result: KnownDatasetInfo = { infos: {}, problems: [], pending: [] };
      const projectId = projectOf();
      for (const node of doc.nodes) {
        if (!isImported(node)) continue;
        const outcome = outcomes.get(keyOf(node, projectId));
        if (outcome === undefined) result.pending.push(node.id);
        else if (outcome === 'none') continue;
        else if ('info' in outcome) result.infos[node.id] = outcome.info;
        else result.problems.push({ nodeId: node.id, ...outcome.problem });
      }
      return result;
    },
    async resolve(doc) {
      const projectId = projectOf();
      const pending = doc.nodes.filter((n) => isImported(n) && !outcomes.has(keyOf(n, projectId)));
      const settled = await Promise.allSettled(pending.map((n) => start(doc, n, projectId)));
      return (
        settled.some((s) => s.status === 'fulfilled') &&
        pending.some((n) => outcomes.has(keyOf(n, projectId)))
      );
    },
    refresh() {
      generation += 1;
      outcomes.clear();
      listing = null;
    },
  };
}
