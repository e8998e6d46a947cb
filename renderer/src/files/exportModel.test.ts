import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import type { HostApi } from '../../../host/src/contract';
import { exportModelFiles } from './exportModel';
import type { OutFile } from './saveFiles';

function fakeHost(dialogs: boolean, answer: Awaited<ReturnType<HostApi['exportModel']>>) {
  const exportModel = vi.fn(async () => answer);
  const host = { hostInfo: async () => ({ dialogs }), exportModel } as unknown as HostApi;
  return { host, exportModel };
}

describe('exportModelFiles', () => {
  it('in a browser asks for the files back and downloads them as one zip named after the folder', async () => {
    const { host, exportModel } = fakeHost(false, {
      location: '/ws/exports/run-onnx',
      files: ['model.onnx', 'README.md'],
      format: 'onnx',
      contents: [
        { name: 'run-onnx/model.onnx', bytes: new Uint8Array([8, 7]) },
        { name: 'run-onnx/README.md', bytes: new TextEncoder().encode('# hi') },
      ],
    });
    const downloads: OutFile[] = [];
    const note = await exportModelFiles(host, { runId: 'run' }, 'onnx', (f) => downloads.push(f));
    expect(exportModel).toHaveBeenCalledWith({
      source: { runId: 'run' },
      format: 'onnx',
      dialog: false,
      contents: true,
    });
    expect(note).toBe(
      'ONNX model written to exports/run-onnx/ in the workspace and downloaded as run-onnx.zip',
    );
    expect(downloads.map((d) => d.name)).toEqual(['run-onnx.zip']);
    const zip = unzipSync(downloads[0]!.content as Uint8Array);
    expect(Object.keys(zip)).toEqual(['run-onnx/model.onnx', 'run-onnx/README.md']);
    expect(strFromU8(zip['run-onnx/README.md']!)).toBe('# hi');
  });

  it('in Electron lets the host ask for a folder and says where the files went', async () => {
    const { host, exportModel } = fakeHost(true, {
      location: '/home/me/out/run-pytorch',
      files: ['model.py'],
      format: 'pytorch',
    });
    const download = vi.fn();
    expect(await exportModelFiles(host, { runId: 'run' }, 'pytorch', download)).toBe(
      'PyTorch project saved to /home/me/out/run-pytorch',
    );
    expect(exportModel).toHaveBeenCalledWith({
      source: { runId: 'run' },
      format: 'pytorch',
      dialog: true,
      contents: false,
    });
    expect(download).not.toHaveBeenCalled();
  });

  it('says nothing when the folder dialog is cancelled', async () => {
    const { host } = fakeHost(true, null);
    expect(await exportModelFiles(host, { project: '{}', projectId: null }, 'tfjs')).toBeNull();
  });
});
