import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestHost } from './test-host';

let host: Awaited<ReturnType<typeof makeTestHost>>;
afterEach(() => host.cleanup());

describe('sweeps', () => {
  it('saves sweep.json and curves.json under sweeps/<id>/ and lists them back', async () => {
    host = await makeTestHost();
    await host.api.saveSweep({ sweepId: 'sweep-a', state: '{"n":1}', curves: '{"v01":[]}' });
    const dir = path.join(host.root, 'sweeps', 'sweep-a');
    expect(readFileSync(path.join(dir, 'sweep.json'), 'utf8')).toBe('{"n":1}');
    expect(await host.api.listSweeps({})).toEqual({
      sweeps: [{ id: 'sweep-a', state: '{"n":1}', curves: '{"v01":[]}' }],
    });
  });

  it('rewrites the state of a sweep on every save, keeping its curves when none are sent', async () => {
    host = await makeTestHost();
    await host.api.saveSweep({ sweepId: 's1', state: '{"n":1}', curves: '[]' });
    await host.api.saveSweep({ sweepId: 's1', state: '{"n":2}' });
    expect((await host.api.listSweeps({})).sweeps).toEqual([{ id: 's1', state: '{"n":2}', curves: '[]' }]);
  });

  it('lists nothing before the first sweep', async () => {
    host = await makeTestHost();
    expect(await host.api.listSweeps({})).toEqual({ sweeps: [] });
  });

  it.each([
    ['a state that is not JSON', { sweepId: 's', state: '{' }, 'invalid'],
    ['curves that are not JSON', { sweepId: 's', state: '{}', curves: 'x' }, 'invalid'],
    ['an id that climbs out of the folder', { sweepId: '../x', state: '{}' }, 'invalid'],
  ])('refuses %s', async (_what, args, code) => {
    host = await makeTestHost();
    await expect(host.api.saveSweep(args)).rejects.toMatchObject({ code });
  });
});
