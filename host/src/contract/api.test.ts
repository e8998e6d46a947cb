import { describe, expect, it } from 'vitest';
import { createLocalHostApi, dispatch, HostError } from './api';
import type { HostHandlers } from './api';
import { OP_NAMES } from './ops';

function handlers(overrides: Partial<HostHandlers>): HostHandlers {
  const missing = async () => {
    throw new Error('not used in this test');
  };
  const all = Object.fromEntries(OP_NAMES.map((name) => [name, missing]));
  return { ...all, ...overrides } as HostHandlers;
}

describe('dispatch', () => {
  it('refuses an unknown operation without calling anything', async () => {
    expect(await dispatch(handlers({}), 'constructor', {})).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'unknown operation "constructor"' },
    });
  });

  it('refuses arguments that fail the schema and names the field', async () => {
    let called = false;
    const api = handlers({
      discardRecovery: async () => {
        called = true;
        return { discarded: true };
      },
    });
    const result = await dispatch(api, 'discardRecovery', { key: '../etc' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/discardRecovery: key: recovery key must be/);
    expect(called).toBe(false);
  });

  it('fills schema defaults before the handler sees the argument', async () => {
    let seen: unknown;
    const api = handlers({
      listRuns: async (args) => {
        seen = args;
        return { runs: [] };
      },
    });
    expect(await dispatch(api, 'listRuns', {})).toEqual({ ok: true, value: { runs: [] } });
    expect(seen).toEqual({ trashed: false });
  });

  it('keeps the code of a HostError and reports a bad result as internal', async () => {
    const api = handlers({
      listSamples: async () => {
        throw new HostError('not_found', 'no samples folder');
      },
      listDatasets: async () => ({ datasets: 'nope' }) as never,
    });
    expect(await dispatch(api, 'listSamples', {})).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no samples folder' },
    });
    const bad = await dispatch(api, 'listDatasets', {});
    expect(bad.ok === false && bad.error.code).toBe('invalid');
  });
});

describe('createLocalHostApi', () => {
  it('throws HostError with the code on failure', async () => {
    const api = createLocalHostApi(
      handlers({
        readSample: async () => {
          throw new HostError('not_found', 'no sample "x"');
        },
      }),
    );
    await expect(api.readSample({ id: 'x' })).rejects.toMatchObject({
      code: 'not_found',
      message: 'no sample "x"',
    });
  });
});
