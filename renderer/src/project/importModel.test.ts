import { describe, expect, it } from 'vitest';
import type { HostApi } from '../../../host/src/contract';
import { importModelFiles, isModelPick } from './importModel';

describe('Import model in the app', () => {
  it('treats a .onnx, a model.json, or a .json with .bin shards as a model, and other drops as not', () => {
    expect(isModelPick(['net.onnx'])).toBe(true);
    expect(isModelPick(['model.json', 'group1-shard1of1.bin'])).toBe(true);
    expect(isModelPick(['my.json', 'weights.bin'])).toBe(true);
    expect(isModelPick(['iris.csv'])).toBe(false);
    expect(isModelPick(['settings.json'])).toBe(false);
  });

  it("sends every picked file's name and bytes to the host's importModel", async () => {
    const seen: unknown[] = [];
    const host: Pick<HostApi, 'importModel'> = {
      importModel: async (args) => {
        seen.push(args);
        return {
          id: 'projects/m.layerloom',
          name: 'm',
          location: '/w/projects/m.layerloom',
          content: '{}',
          warnings: [],
        };
      },
    };
    const files = [new File(['{"a":1}'], 'model.json'), new File([new Uint8Array([1, 2, 3])], 'weights.bin')];
    const r = await importModelFiles(host, files);
    expect(r.id).toBe('projects/m.layerloom');
    expect(seen).toEqual([
      {
        files: [
          { name: 'model.json', bytes: new TextEncoder().encode('{"a":1}') },
          { name: 'weights.bin', bytes: new Uint8Array([1, 2, 3]) },
        ],
      },
    ]);
  });
});
