import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RUN_FORMAT_VERSION } from '../../../graph-core/src/runs';
import { doc, makeTestHost } from './test-host';

let host: Awaited<ReturnType<typeof makeTestHost>>;
afterEach(() => host.cleanup());

const fixedNow = () => new Date(2025, 0, 2, 13, 4, 5);

describe('runs', () => {
  it('creates runs/<time>-<project>-<id>/ with meta and the graph snapshot', async () => {
    host = await makeTestHost({ now: fixedNow });
    const { runId } = await host.api.createRun({ projectName: 'MNIST MLP', graph: doc('MNIST MLP') });
    expect(runId).toMatch(/^20250102-130405-mnist-mlp-[0-9a-f]{6}$/);
    const dir = path.join(host.root, 'runs', runId);
    expect(readdirSync(dir).sort()).toEqual(['graph.layerloom', 'meta.json']);
    expect(readFileSync(path.join(dir, 'graph.layerloom'), 'utf8')).toBe(doc('MNIST MLP'));
    const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as { runFormat?: number };
    expect(meta.runFormat).toBe(RUN_FORMAT_VERSION);
  });

  it('appends metrics and reads them back with the summary, skipping a torn last line', async () => {
    host = await makeTestHost();
    const { runId } = await host.api.createRun({ projectName: 'p', graph: doc('p') });
    await host.api.appendMetrics({ runId, records: [{ epoch: 1, loss: 0.5 }] });
    writeFileSync(
      path.join(host.root, 'runs', runId, 'metrics.jsonl'),
      '{"epoch":1,"loss":0.5}\n{"epoch":2,"lo',
      { flag: 'w' },
    );
    await host.api.appendMetrics({ runId, records: [{ epoch: 3, loss: 0.1 }] });
    await host.api.writeRunFile({
      runId,
      name: 'summary.json',
      content: JSON.stringify({ status: 'completed' }),
    });
    const run = await host.api.readRun({ runId });
    expect(run.metrics).toEqual([
      { epoch: 1, loss: 0.5 },
      { epoch: 3, loss: 0.1 },
    ]);
    expect(run.skippedMetricLines).toBe(1);
    expect(run.summary).toEqual({ status: 'completed' });
    expect(run.graph).toBe(doc('p'));
    expect(run.files).toEqual(['graph.layerloom', 'meta.json', 'metrics.jsonl', 'summary.json']);
    expect(run.evaluation).toBeNull();
  });

  it("reads a run's evaluation back, and null for one that is not an evaluation report", async () => {
    host = await makeTestHost();
    const { runId } = await host.api.createRun({ projectName: 'p', graph: doc('p') });
    const report = {
      split: 'validation',
      count: 2,
      classNames: ['a', 'b'],
      confusion: [
        [1, 0],
        [0, 1],
      ],
      perClass: [
        { name: 'a', count: 1, correct: 1, accuracy: 1 },
        { name: 'b', count: 1, correct: 1, accuracy: 1 },
      ],
      accuracy: 1,
      samples: [],
      boundary: null,
      histograms: [],
    };
    await host.api.writeRunFile({ runId, name: 'evaluation.json', content: JSON.stringify(report) });
    expect((await host.api.readRun({ runId })).evaluation).toEqual(report);
    await host.api.writeRunFile({ runId, name: 'evaluation.json', content: JSON.stringify({ split: 3 }) });
    expect((await host.api.readRun({ runId })).evaluation).toBeNull();
  });

  it.each([
    [{ name: 'model.json', content: '{}' }, 'invalid'],
    [{ name: 'summary.json', content: '{oops' }, 'invalid'],
  ])('refuses run file %j', async (file, code) => {
    host = await makeTestHost();
    const { runId } = await host.api.createRun({ projectName: 'p' });
    await expect(host.api.writeRunFile({ runId, ...file } as never)).rejects.toMatchObject({ code });
  });

  it.each(['../projects', 'nope', '.hidden'])('refuses the run id %s', async (runId) => {
    host = await makeTestHost();
    await expect(host.api.appendMetrics({ runId, records: [] })).rejects.toMatchObject({
      code: expect.stringMatching(/invalid|not_found/),
    });
  });

  it('lists runs newest first, filters by project, and shows CLI-made folders too', async () => {
    let t = Date.parse('2025-03-01T10:00:00Z');
    host = await makeTestHost({ now: () => new Date((t += 60_000)) });
    const a = (await host.api.createRun({ projectName: 'Iris' })).runId;
    const b = (await host.api.createRun({ projectName: 'MNIST' })).runId;
    const cli = path.join(host.root, 'runs', 'cli-run');
    mkdirSync(path.join(cli, 'model'), { recursive: true });
    writeFileSync(path.join(cli, 'graph.layerloom'), doc('Iris'));
    writeFileSync(path.join(cli, 'model', 'model.json'), '{}');
    const all = (await host.api.listRuns({})).runs;
    expect(all.filter((r) => r.id !== 'cli-run').map((r) => r.id)).toEqual([b, a]);
    expect(all.find((r) => r.id === 'cli-run')).toMatchObject({
      hasModel: true,
      meta: { projectName: 'Iris', name: 'cli-run' },
    });
    expect((await host.api.listRuns({ projectName: 'Iris' })).runs.map((r) => r.id).sort()).toEqual(
      [a, 'cli-run'].sort(),
    );
  });

  it('renames, tags and notes a run, keeping tags unique', async () => {
    host = await makeTestHost();
    const { runId } = await host.api.createRun({ projectName: 'p', tags: ['base'] });
    const meta = await host.api.updateRunMeta({
      runId,
      name: 'Best so far',
      tags: ['relu', 'relu', 'adam'],
      note: 'lr 1e-3',
    });
    expect(meta).toMatchObject({
      name: 'Best so far',
      tags: ['relu', 'adam'],
      note: 'lr 1e-3',
      projectName: 'p',
    });
    expect((await host.api.readRun({ runId })).meta).toEqual(meta);
  });

  it('moves a run to the project it now belongs to (an unsaved project saved under a name)', async () => {
    host = await makeTestHost();
    const { runId } = await host.api.createRun({ projectName: 'Untitled' });
    const moved = await host.api.updateRunMeta({
      runId,
      project: { name: 'Digits', id: 'projects/Digits.layerloom' },
    });
    expect(moved).toMatchObject({ projectName: 'Digits', projectId: 'projects/Digits.layerloom' });
    const { runs } = await host.api.listRuns({ projectName: 'Digits' });
    expect(runs.map((r) => r.id)).toEqual([runId]);
    expect((await host.api.listRuns({ projectName: 'Untitled' })).runs).toEqual([]);
  });

  it('moves a run to trash/ and back', async () => {
    host = await makeTestHost();
    const { runId } = await host.api.createRun({ projectName: 'p' });
    await host.api.trashRun({ runId });
    expect(existsSync(path.join(host.root, 'trash', 'runs', runId))).toBe(true);
    expect((await host.api.listRuns({})).runs).toEqual([]);
    expect((await host.api.listRuns({ trashed: true })).runs.map((r) => [r.id, r.trashed])).toEqual([
      [runId, true],
    ]);
    await expect(host.api.readRun({ runId })).rejects.toMatchObject({ code: 'not_found' });
    await host.api.restoreRun({ runId });
    expect((await host.api.listRuns({})).runs.map((r) => r.id)).toEqual([runId]);
    await expect(host.api.restoreRun({ runId })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lists and reads the run folders of both earlier layouts (golden CLI and app folders)', async () => {
    host = await makeTestHost();
    const fixtures = path.resolve('graph-core/fixtures/runs');
    cpSync(path.join(fixtures, 'cli-layout'), path.join(host.root, 'runs', '20261202-041203-cli'), {
      recursive: true,
    });
    cpSync(path.join(fixtures, 'app-layout'), path.join(host.root, 'runs', '20261202-041149-app'), {
      recursive: true,
    });
    const { runs } = await host.api.listRuns({});
    expect(
      runs.map((r) => [r.id, r.meta.name, r.meta.projectName, r.summary?.status, r.hasCheckpoint]),
    ).toEqual([
      ['20261202-041203-cli', '20261202-041203-cli', 'Iris MLP', 'completed', false],
      ['20261202-041149-app', 'Iris MLP 20261202-041149', 'Iris MLP', 'completed', true],
    ]);
    for (const run of runs) {
      const detail = await host.api.readRun({ runId: run.id });
      expect(detail.metrics.map((m) => m.epoch)).toEqual([1, 2]);
      expect(detail.skippedMetricLines).toBe(0);
      expect(detail.graph).toContain('"Iris MLP"');
    }
  });
});
