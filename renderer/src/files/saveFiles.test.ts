import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import type { HostApi } from '../../../host/src/contract';
import { bundle, saveFiles, zipFiles } from './saveFiles';

describe('zipFiles', () => {
  it('puts every file in one zip that unzips to the same names and bytes', () => {
    const zip = zipFiles([
      { name: 'model/model.json', content: '{"a":1}' },
      { name: 'model/weights.bin', content: new Uint8Array([1, 2, 3, 250]) },
    ]);
    const out = unzipSync(zip);
    expect(Object.keys(out)).toEqual(['model/model.json', 'model/weights.bin']);
    expect(strFromU8(out['model/model.json'] as Uint8Array)).toBe('{"a":1}');
    expect([...(out['model/weights.bin'] as Uint8Array)]).toEqual([1, 2, 3, 250]);
  });

  it('makes the same bytes for the same files (no clock in it)', () => {
    const files = [{ name: 'a.txt', content: 'x' }];
    expect(zipFiles(files)).toEqual(zipFiles(files));
  });

  it('refuses two files of one name instead of dropping one', () => {
    expect(() =>
      zipFiles([
        { name: 'a', content: '1' },
        { name: 'a', content: '2' },
      ]),
    ).toThrow('two files are named "a"');
  });
});

describe('bundle', () => {
  it('gives one file as it is and several as <name>.zip', () => {
    expect(bundle([{ name: 'page.html', content: '<p>' }], 'x').name).toBe('page.html');
    expect(
      bundle(
        [
          { name: 'a', content: '1' },
          { name: 'b', content: '2' },
        ],
        'digits',
      ).name,
    ).toBe('digits.zip');
  });
});

describe('saveFiles', () => {
  const files = [
    { name: 'model.json', content: '{}' },
    { name: 'weights.bin', content: new Uint8Array([9]) },
  ];

  it('asks the host to save the zip through its dialog when it has dialogs (Electron)', async () => {
    const exportFile = vi.fn().mockResolvedValue({ location: '/home/u/digits.zip', files: ['digits.zip'] });
    const host = { hostInfo: vi.fn().mockResolvedValue({ dialogs: true }), exportFile } as unknown as HostApi;
    expect(await saveFiles(host, files, { zipName: 'digits' })).toBe('Saved to /home/u/digits.zip');
    const arg = exportFile.mock.calls[0]?.[0] as {
      suggestedName: string;
      content: Uint8Array;
      dialog: boolean;
    };
    expect(arg).toMatchObject({ suggestedName: 'digits.zip', dialog: true });
    expect(Object.keys(unzipSync(arg.content))).toEqual(['model.json', 'weights.bin']);
  });

  it('says nothing was saved when the user cancels the dialog', async () => {
    const host = {
      hostInfo: vi.fn().mockResolvedValue({ dialogs: true }),
      exportFile: vi.fn().mockResolvedValue(null),
    } as unknown as HostApi;
    expect(await saveFiles(host, files, { zipName: 'digits' })).toBeNull();
  });
});
