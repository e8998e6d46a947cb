import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkShardPath, readWeightsManifest } from './manifest';
import { decodeWeights, WeightsError } from './named';
import { encodeSidecar, parseSidecarManifest, sidecarFolderFor, sidecarManifestPath } from './sidecar';

describe('weights sidecar', () => {
  it('reads back the weights it writes', () => {
    const weights = [
      { name: 'd1/kernel', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) },
      { name: 'd1/bias', shape: [3], data: Float32Array.from([0.5, -1, 7]) },
    ];
    const { manifest, bin } = encodeSidecar(weights);
    const read = parseSidecarManifest(manifest, 'w.json');
    expect(read.paths).toEqual(['weights.bin']);
    expect(decodeWeights(read.specs, bin)).toEqual(weights);
  });

  it('names the sidecar after the project file', () => {
    expect(sidecarFolderFor('/a/b/My model.layerloom')).toBe('My model.weights');
    expect(sidecarManifestPath('net.layerloom')).toBe('net.weights/weights.json');
  });

  it('refuses a manifest that is not one, naming the file', () => {
    expect(() => parseSidecarManifest('{', 'x.json')).toThrow('x.json is not valid JSON');
    expect(() => parseSidecarManifest('{"format":"other"}', 'x.json')).toThrow(
      /not a Layerloom weights manifest/,
    );
    expect(() => readWeightsManifest([{ paths: 'a.bin', weights: [] }], 'model.json')).toThrow(
      /model.json: weightsManifest\[0\]\.paths/,
    );
  });

  it.each([
    ['../outside.bin', "leaves the model's folder"],
    ['a/../../b.bin', "leaves the model's folder"],
    ['/etc/passwd', 'must be relative'],
    ['C:\\w.bin', 'must be relative'],
    ['https://example.invalid/w.bin', 'must be relative'],
    ['a\0b', 'NUL'],
  ])('refuses the shard path %j', (path, why) => {
    expect(() => checkShardPath(path)).toThrow(WeightsError);
    expect(() => checkShardPath(path)).toThrow(why);
  });

  it('keeps every path without ".." inside the folder, normalised', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{1,8}(\.bin)?$/);
    fc.assert(
      fc.property(fc.array(fc.oneof(segment, fc.constant('.')), { minLength: 1, maxLength: 4 }), (parts) => {
        fc.pre(parts.some((p) => p !== '.'));
        const out = checkShardPath(parts.join('/'));
        expect(out.split('/')).toEqual(parts.filter((p) => p !== '.'));
      }),
    );
  });
});
