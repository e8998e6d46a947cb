/**
 * The Export menu's one path (run or canvas, every format): the host writes the folder (a folder
 * the person chooses in Electron, `exports/<name>/` in the workspace in a browser); in a browser
 * the same files then download as one zip through saveFiles' zipper.
 */
import type { HostApi, OpArgs } from '../../../host/src/contract';
import { downloadFile, zipFiles, type OutFile, type SaveOutcome } from './saveFiles';

export type ExportSourceArg = OpArgs<'exportModel'>['source'];
export type ExportFormatId = OpArgs<'exportModel'>['format'];

export const EXPORT_FORMAT_LABELS: Record<ExportFormatId, string> = {
  pytorch: 'PyTorch project',
  onnx: 'ONNX model',
  tfjs: 'tfjs weights',
};

export async function exportModelFiles(
  host: HostApi,
  source: ExportSourceArg,
  format: ExportFormatId,
  download: (file: OutFile) => void = downloadFile,
): Promise<SaveOutcome> {
  const { dialogs } = await host.hostInfo({});
  const dest = await host.exportModel({ source, format, dialog: dialogs, contents: !dialogs });
  if (!dest) return null;
  const label = EXPORT_FORMAT_LABELS[format];
  if (!dest.contents) return `${label} saved to ${dest.location}`;
  const folder = dest.contents[0]?.name.split('/')[0] ?? format;
  download({
    name: `${folder}.zip`,
    content: zipFiles(dest.contents.map((c) => ({ name: c.name, content: c.bytes }))),
  });
  return `${label} written to exports/${folder}/ in the workspace and downloaded as ${folder}.zip`;
}
