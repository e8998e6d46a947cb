import path from 'node:path';
import type { HostHandlers } from '../contract/api';
import { createLocalHostApi } from '../contract/api';
import type { HostApi } from '../contract/api';
import { autosave, discardRecovery, listRecoveries } from './autosave';
import { ExternalFiles } from './context';
import type { Dialogs, HostContext } from './context';
import { deleteDataset, importDataset, listDatasets, readDataset, readDatasetAsset } from './datasets';
import { exportFile } from './exports';
import { removeStaleTemps } from '../fs/debris';
import { ensureWorkspace } from './layout';
import { exportWeights, loadRunModel, saveModelArtifacts } from './models';
import { exportModel } from './model-export';
import { importModel } from './model-import';
import { pickFile, pickFolder } from './pick';
import { readProjectData, readProjectWeights } from './project-data';
import { listProjects, openProject, recentFiles, saveProject, saveProjectAs } from './projects';
import {
  appendMetrics,
  createRun,
  listRuns,
  readRun,
  restoreRun,
  trashRun,
  updateRunMeta,
  writeRunFile,
} from './runs';
import { defaultSampleId, listSamples, readSample } from './samples';
import { listSweeps, saveSweep } from './sweeps';

export interface WorkspaceHostOptions {
  /** The workspace folder; created with its sub-folders when missing. */
  workspace: string;
  /** The folder holding `assets/` (the repository root, or the packaged app's folder). */
  appRoot: string;
  kind: 'electron' | 'server';
  version?: string;
  dialogs?: Dialogs | null;
  startupFile?: string | null;
  now?: () => Date;
}

/** Every contract operation over one workspace folder. Arguments arrive already parsed. */
export function createHostHandlers(ctx: HostContext): HostHandlers {
  return {
    hostInfo: async () => ({
      kind: ctx.kind,
      version: ctx.version,
      dialogs: ctx.dialogs !== null,
      workspace: ctx.root,
      startupProjectId: ctx.startupFile ? ctx.external.grant(ctx.startupFile) : null,
      defaultSampleId: await defaultSampleId(ctx),
    }),
    listProjects: () => listProjects(ctx),
    openProject: (args) => openProject(ctx, args),
    saveProject: (args) => saveProject(ctx, args),
    saveProjectAs: (args) => saveProjectAs(ctx, args),
    recentFiles: () => recentFiles(ctx),
    autosave: (args) => autosave(ctx, args),
    listRecoveries: () => listRecoveries(ctx),
    discardRecovery: (args) => discardRecovery(ctx, args),
    listSamples: () => listSamples(ctx),
    readSample: (args) => readSample(ctx, args),
    createRun: (args) => createRun(ctx, args),
    appendMetrics: (args) => appendMetrics(ctx, args),
    writeRunFile: (args) => writeRunFile(ctx, args),
    saveModelArtifacts: (args) => saveModelArtifacts(ctx, args),
    listRuns: (args) => listRuns(ctx, args),
    readRun: (args) => readRun(ctx, args),
    updateRunMeta: (args) => updateRunMeta(ctx, args),
    trashRun: (args) => trashRun(ctx, args),
    restoreRun: (args) => restoreRun(ctx, args),
    loadRunModel: (args) => loadRunModel(ctx, args),
    saveSweep: (args) => saveSweep(ctx, args),
    listSweeps: () => listSweeps(ctx),
    exportWeights: (args) => exportWeights(ctx, args),
    exportModel: (args) => exportModel(ctx, args),
    exportFile: (args) => exportFile(ctx, args),
    readDatasetAsset: (args) => readDatasetAsset(ctx, args),
    importDataset: (args) => importDataset(ctx, args),
    listDatasets: () => listDatasets(ctx),
    readDataset: (args) => readDataset(ctx, args),
    deleteDataset: (args) => deleteDataset(ctx, args),
    readProjectData: (args) => readProjectData(ctx, args),
    readProjectWeights: (args) => readProjectWeights(ctx, args),
    importModel: (args) => importModel(ctx, args),
    pickFile: (args) => pickFile(ctx, args),
    pickFolder: (args) => pickFolder(ctx, args),
  };
}

export async function createHostContext(options: WorkspaceHostOptions): Promise<HostContext> {
  const root = await ensureWorkspace(options.workspace);
  // runs/<id>/model/ is the deepest place the host writes: three levels below the workspace.
  await removeStaleTemps(root, { depth: 3 });
  return {
    root,
    appRoot: path.resolve(options.appRoot),
    kind: options.kind,
    version: options.version ?? '0.0.0',
    dialogs: options.dialogs ?? null,
    external: new ExternalFiles(),
    startupFile: options.startupFile ? path.resolve(options.startupFile) : null,
    now: options.now ?? (() => new Date()),
  };
}

/** The workspace as a HostApi with the same argument and result checks as IPC and HTTP. */
export async function createWorkspaceHost(
  options: WorkspaceHostOptions,
): Promise<{ api: HostApi; handlers: HostHandlers; ctx: HostContext }> {
  const ctx = await createHostContext(options);
  const handlers = createHostHandlers(ctx);
  return { api: createLocalHostApi(handlers), handlers, ctx };
}
