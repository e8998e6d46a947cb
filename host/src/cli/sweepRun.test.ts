import { spawn } from 'node:child_process';
import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSweepState, expandSweep, type SweepSpec } from '../../../graph-core/src/experiments';
import type { GraphDocument } from '../../../graph-core/src/document';
import { makeTempDir } from '../fs/test-dir';
import { loadSweep, runSweep, saveSweep, type TrainVariant } from './sweepRun';

const base: GraphDocument = {
  format: 'layerloom',
  version: 1,
  name: 'tiny',
  nodes: [
    { id: 'a1', type: 'Activation', params: { activation: 'relu' } },
    { id: 'opt', type: 'Optimizer', params: {} },
  ],
  edges: [],
};

const temps: (() => void)[] = [];
afterEach(() => temps.splice(0).forEach((c) => c()));

async function newSweep(values: string[]): Promise<string> {
  const { dir, cleanup } = makeTempDir('layerloom-sweep-');
  temps.push(cleanup);
  const spec: SweepSpec = { params: [{ nodeId: 'a1', field: 'activation', values }], mode: 'grid', seed: 1 };
  const r = expandSweep(base, spec);
  if (!r.ok) throw new Error('valid spec');
  await saveSweep(dir, createSweepState({ name: 'act', base, spec, variants: r.variants, now: new Date() }));
  return dir;
}

/** Records what it trains and writes a summary like the real trainer. */
function recordingTrainer(trained: string[], status = 'completed'): TrainVariant {
  return async ({ doc, runDir, variant }) => {
    trained.push(`${variant.id}:${String(doc.nodes[0]?.params.activation)}:${path.basename(runDir)}`);
    const final = { loss: 0.1, acc: 0.9, val_loss: 0.2, val_acc: 0.85 };
    await fsp.mkdir(runDir, { recursive: true });
    await fsp.writeFile(path.join(runDir, 'summary.json'), JSON.stringify({ status, final, durationMs: 3 }));
    return { runStatus: status, final, durationMs: 3 };
  };
}

describe('runSweep', () => {
  it('trains each variant graph into its own folder and writes the comparison files', async () => {
    const dir = await newSweep(['sigmoid', 'tanh']);
    const trained: string[] = [];
    const state = await runSweep({ dir, train: recordingTrainer(trained) });
    expect(trained).toEqual(['v01:sigmoid:v01', 'v02:tanh:v02']);
    expect(state.variants.map((v) => [v.status, v.runDir, v.final?.val_acc])).toEqual([
      ['done', 'v01', 0.85],
      ['done', 'v02', 0.85],
    ]);
    const md = await fsp.readFile(path.join(dir, 'comparison.md'), 'utf8');
    expect(md).toContain('| # | Run | a1.activation | Status |');
    expect(await fsp.readFile(path.join(dir, 'comparison.csv'), 'utf8')).toContain(
      '1,v01,sigmoid,completed,0.1',
    );
    const reloaded = await loadSweep(dir);
    expect(reloaded.ok && reloaded.state).toEqual(state);
  });

  it('records a trainer exception as a failed variant and goes on', async () => {
    const dir = await newSweep(['sigmoid', 'tanh']);
    const trained: string[] = [];
    const ok = recordingTrainer(trained);
    const state = await runSweep({
      dir,
      train: async (req) => {
        if (req.variant.id === 'v01') throw new Error('Dense "d1": units must be at least 1');
        return ok(req);
      },
    });
    expect(state.variants.map((v) => [v.status, v.error])).toEqual([
      ['failed', 'Dense "d1": units must be at least 1'],
      ['done', undefined],
    ]);
  });

  it('stops between variants when asked and resumes where it stopped', async () => {
    const dir = await newSweep(['sigmoid', 'tanh', 'relu']);
    const trained: string[] = [];
    let stop = false;
    await runSweep({
      dir,
      train: recordingTrainer(trained),
      shouldStop: () => stop,
      onVariantEnd: () => (stop = true),
    });
    expect(trained).toEqual(['v01:sigmoid:v01']);
    await runSweep({ dir, train: recordingTrainer(trained) });
    expect(trained).toEqual(['v01:sigmoid:v01', 'v02:tanh:v02', 'v03:relu:v03']);
  });

  it('after a SIGKILL mid-variant, resumes without running a finished variant again or losing one', async () => {
    const dir = await newSweep(['sigmoid', 'tanh', 'relu']);
    const tsx = path.resolve('node_modules/.bin/tsx');
    const child = spawn(tsx, [path.resolve('host/src/cli/testdata/sweep-kill-child.ts'), dir, 'v02'], {
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 60_000;
    while (!existsSync(path.join(dir, 'hanging')) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await exited;
    expect(await fsp.readFile(path.join(dir, 'trained.log'), 'utf8')).toBe('v01\nv02\n');

    const trained: string[] = [];
    const state = await runSweep({ dir, train: recordingTrainer(trained) });
    expect(trained).toEqual(['v02:tanh:v02-2', 'v03:relu:v03']);
    expect(state.variants.map((v) => [v.id, v.status, v.runDir])).toEqual([
      ['v01', 'done', 'v01'],
      ['v02', 'done', 'v02-2'],
      ['v03', 'done', 'v03'],
    ]);
    expect(state.variants[1]?.abandoned).toEqual(['v02']);
    const partial = JSON.parse(await fsp.readFile(path.join(dir, 'v02', 'summary.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(partial).toMatchObject({ status: 'failed', abandoned: true });
  });
});
