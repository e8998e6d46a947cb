import { describe, expect, it, vi } from 'vitest';
import type { GraphDocument } from '../../../graph-core/src/document';
import {
  createSweepState,
  expandSweep,
  parseSweepState,
  serializeSweepState,
  specFromDraft,
  type SweepState,
} from '../../../graph-core/src/experiments';
import type { RunSummary } from '../../../graph-core/src/train';
import type { HostApi } from '../../../host/src/contract';
import type { StartRequest } from '../training/controller';
import { initialTrainingState, type TrainingState } from '../training/state';
import type { EvaluationReport } from '../../../graph-core/src/runs';
import { EMPTY_DRAFT, type SweepDraft } from './draft';
import { SweepRunner, type SweepTrainer, type SweepView } from './runner';

const doc: GraphDocument = {
  format: 'layerloom',
  version: 1,
  name: 'MLP',
  nodes: [
    { id: 'data', type: 'Dataset', params: { source: 'mnist' } },
    { id: 'in', type: 'Input', params: {} },
    { id: 'flat', type: 'Flatten', params: {} },
    { id: 'd1', type: 'Dense', params: { units: 8 } },
    { id: 'a1', type: 'Activation', params: { activation: 'relu' } },
    { id: 'd2', type: 'Dense', params: { units: 10 } },
    { id: 'a2', type: 'Activation', params: { activation: 'softmax' } },
    { id: 'loss', type: 'Loss', params: { loss: 'categoricalCrossentropy' } },
    { id: 'opt', type: 'Optimizer', params: { optimizer: 'adam', epochs: 1, seed: 7 } },
  ],
  edges: ['in', 'flat', 'd1', 'a1', 'd2', 'a2', 'loss', 'opt'].map((target, i, all) => ({
    id: `e${i}`,
    source: i === 0 ? 'data' : (all[i - 1] as string),
    target,
  })),
};
const draft: SweepDraft = {
  ...EMPTY_DRAFT,
  params: [{ nodeId: 'a1', field: 'activation', values: ['sigmoid', 'tanh', 'relu'] }],
};
const project = { name: 'MLP', id: null };

type Script = 'complete' | 'fail' | 'hold';

function summary(status: RunSummary['status'], valAcc: number): RunSummary {
  return {
    status,
    backend: 'cpu',
    durationMs: 10,
    totalParams: 1,
    final: { loss: 1 - valAcc, acc: null, val_loss: null, val_acc: valAcc },
    epochs: 1,
    epochsPlanned: 1,
    seed: 7,
    batchSize: 32,
    samplesPerSec: 1,
    dataset: { name: 'mnist', train: 1, validation: 1, test: 0 },
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: '2026-01-01T00:00:01Z',
  };
}

/** The worker side of training, scripted per start: finishes, fails, or holds until stopped. */
class FakeTrainer implements SweepTrainer {
  private state: TrainingState = initialTrainingState('cpu');
  private readonly listeners = new Set<() => void>();
  readonly started: StartRequest[] = [];
  constructor(private readonly script: Script[]) {}

  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  getState = () => this.state;
  private set(patch: Partial<TrainingState>) {
    this.state = { ...this.state, ...patch, version: this.state.version + 1 };
    for (const l of [...this.listeners]) l();
  }
  private end(status: RunSummary['status']) {
    const s = summary(status, 0.5 + this.started.length / 100);
    this.set({ phase: 'done', summary: s, evaluation: {} as EvaluationReport });
  }

  start(request: StartRequest): void {
    this.started.push(request);
    const n = this.started.length;
    const what = this.script[n - 1] ?? 'complete';
    this.state = { ...initialTrainingState('cpu'), phase: 'starting' };
    this.set({});
    // The worker names its run folder a moment after it starts, as the real one does.
    queueMicrotask(() => {
      this.set({ phase: 'training', runId: `run-${n}` });
      if (what === 'complete') queueMicrotask(() => this.end('completed'));
      if (what === 'fail')
        queueMicrotask(() =>
          this.set({ phase: 'error', error: { message: 'Dense d1: units must be ≥ 1', nodeId: 'd1' } }),
        );
    });
  }
  stop(): void {
    // Like the worker: a stop before the first batch still ends the run as stopped.
    if (this.state.phase === 'starting' || this.state.phase === 'training')
      queueMicrotask(() => this.end('stopped'));
  }
  /** What the test reads: each start's activation of a1, seed, epochs and sweep grouping. */
  runs() {
    return this.started.map((r) => {
      const param = (id: string, f: string) => r.doc.nodes.find((n) => n.id === id)?.params[f];
      return {
        activation: param('a1', 'activation'),
        seed: param('opt', 'seed'),
        epochs: param('opt', 'epochs'),
        sweep: r.sweep?.sweepId,
      };
    });
  }
}

/** The sweep and run ops of the host, kept in memory: what a reloaded page would find on disk. */
function fakeHost() {
  const sweeps = new Map<string, { state: string; curves: string | null }>();
  const runs = new Map<string, RunSummary>();
  const host = {
    saveSweep: async (a: { sweepId: string; state: string; curves?: string }) => {
      const before = sweeps.get(a.sweepId);
      sweeps.set(a.sweepId, { state: a.state, curves: a.curves ?? before?.curves ?? null });
      return { saved: true as const };
    },
    listSweeps: async () => ({ sweeps: [...sweeps].map(([id, s]) => ({ id, ...s })) }),
    readRun: async ({ runId }: { runId: string }) => {
      const s = runs.get(runId);
      if (!s) throw new Error(`no run ${runId}`);
      return { summary: s };
    },
  };
  const saved = (): SweepState => {
    const last = [...sweeps.values()].at(-1);
    const parsed = parseSweepState(last?.state ?? '');
    if (!parsed.ok) throw new Error('no saved sweep');
    return parsed.value;
  };
  return { host: host as unknown as HostApi, runs, saved };
}

function until(runner: SweepRunner, ok: (v: SweepView) => boolean): Promise<SweepView> {
  return new Promise((resolve) => {
    const check = () => {
      if (!ok(runner.getView())) return;
      off();
      resolve(runner.getView());
    };
    const off = runner.subscribe(check);
    check();
  });
}
const settled = (r: SweepRunner) => until(r, (v) => v.phase === 'finished' || v.phase === 'stopped');
const statuses = (s: SweepState | null) => s?.variants.map((v) => v.status);

describe('sweep runner', () => {
  it('trains the variants in plan order with the same seed, each grouped under the sweep', async () => {
    const { host, saved } = fakeHost();
    const trainer = new FakeTrainer([]);
    const runner = new SweepRunner(host, trainer);
    expect(await runner.start(doc, draft, project)).toEqual([]);
    const view = await settled(runner);

    expect(view.phase).toBe('finished');
    const planned = view.state?.variants.map((v) => v.assignments[0]?.value);
    expect(trainer.runs().map((r) => r.activation)).toEqual(planned);
    expect(new Set(planned)).toEqual(new Set(['sigmoid', 'tanh', 'relu']));
    expect(trainer.runs().map((r) => r.seed)).toEqual([7, 7, 7]);
    expect(trainer.runs().every((r) => r.sweep === view.sweepId)).toBe(true);
    expect(statuses(saved())).toEqual(['done', 'done', 'done']);
    expect(saved().variants.map((v) => [v.runDir, v.final?.val_acc])).toEqual([
      ['run-1', 0.51],
      ['run-2', 0.52],
      ['run-3', 0.53],
    ]);
  });

  it('records a failed variant with its reason and goes on to the next', async () => {
    const { host, saved } = fakeHost();
    const runner = new SweepRunner(host, new FakeTrainer(['complete', 'fail', 'complete']));
    await runner.start(doc, draft, project);
    await settled(runner);
    expect(statuses(saved())).toEqual(['done', 'failed', 'done']);
    expect(saved().variants[1]?.error).toBe('Dense d1: units must be ≥ 1');
  });

  it('stopped mid-variant, resumes with that variant and runs no finished one again', async () => {
    const { host, saved } = fakeHost();
    const trainer = new FakeTrainer(['complete', 'hold']);
    const runner = new SweepRunner(host, trainer);
    await runner.start(doc, draft, project);
    await vi.waitFor(() => expect(trainer.getState().runId).toBe('run-2'), { interval: 1 });
    runner.stop();
    const stopped = await settled(runner);

    expect(stopped.phase).toBe('stopped');
    expect(statuses(saved())).toEqual(['done', 'pending', 'pending']);
    expect(saved().variants[1]?.abandoned).toEqual(['run-2']);

    runner.resume(project);
    expect((await settled(runner)).phase).toBe('finished');
    const order = trainer.runs().map((r) => r.activation);
    const [v1, v2, v3] = saved().variants.map((v) => v.assignments[0]?.value);
    expect(order).toEqual([v1, v2, v2, v3]);
    expect(statuses(saved())).toEqual(['done', 'done', 'done']);
    expect(saved().variants.map((v) => v.runDir)).toEqual(['run-1', 'run-3', 'run-4']);
  });

  it('a Stop pressed while the next variant is being started trains nothing more', async () => {
    const { host, saved } = fakeHost();
    const trainer = new FakeTrainer([]);
    const runner = new SweepRunner(host, trainer);
    await runner.start(doc, draft, project);
    await until(runner, (v) => v.state?.variants[1]?.status === 'running');
    runner.stop();
    expect((await settled(runner)).phase).toBe('stopped');
    expect(trainer.started).toHaveLength(1);
    await vi.waitFor(() => expect(statuses(saved())).toEqual(['done', 'pending', 'pending']));
    expect(saved().variants[1]?.abandoned).toBeUndefined();

    runner.resume(project);
    expect((await settled(runner)).phase).toBe('finished');
    expect(trainer.started).toHaveLength(3);
  });

  it.each([
    ['the cut-off run had finished on disk', true, ['done', 'pending', 'pending'], 1],
    ['the cut-off run never finished', false, ['done', 'pending', 'pending'], 2],
  ])(
    'after a reload in mid-variant, resumes from disk (%s)',
    async (_case, finishedOnDisk, afterLoad, secondVariantRuns) => {
      const { host, runs, saved } = fakeHost();
      const before = new FakeTrainer(['complete', 'hold']);
      const closedPage = new SweepRunner(host, before);
      await closedPage.start(doc, draft, project);
      // The page closes once the run's folder name is on disk, not merely on screen.
      await vi.waitFor(() => expect(saved().variants[1]?.runDir).toBe('run-2'), { interval: 1 });
      expect(statuses(saved())).toEqual(['done', 'running', 'pending']);
      if (finishedOnDisk) runs.set('run-2', summary('completed', 0.9));

      const after = new FakeTrainer([]);
      const reloaded = new SweepRunner(host, after);
      expect(await reloaded.loadLatest('MLP')).toBe(true);
      const loaded = reloaded.getView();
      expect(loaded.phase).toBe('stopped');
      expect(statuses(loaded.state)).toEqual(finishedOnDisk ? ['done', 'done', 'pending'] : afterLoad);

      reloaded.resume(project);
      expect((await settled(reloaded)).phase).toBe('finished');
      const [v1, v2, v3] = saved().variants.map((v) => v.assignments[0]?.value);
      const all = [...before.runs(), ...after.runs()].map((r) => r.activation);
      expect(all.filter((a) => a === v1)).toHaveLength(1);
      expect(all.filter((a) => a === v2)).toHaveLength(secondVariantRuns);
      expect(all.filter((a) => a === v3)).toHaveLength(1);
      expect(statuses(saved())).toEqual(['done', 'done', 'done']);
      if (finishedOnDisk) expect(saved().variants[1]?.final?.val_acc).toBe(0.9);
    },
  );

  it('reports a spec mistake and starts nothing', async () => {
    const { host } = fakeHost();
    const trainer = new FakeTrainer([]);
    const runner = new SweepRunner(host, trainer);
    const issues = await runner.start(
      doc,
      { ...draft, params: [{ nodeId: 'nope', field: 'activation', values: ['tanh'] }] },
      project,
    );
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.map((i) => i.message).join(' ')).toContain('nope');
    expect(trainer.started).toHaveLength(0);
    expect(runner.getView().phase).toBe('idle');
  });

  describe('with successive halving', () => {
    // Later starts score higher (0.51, 0.52, …): rung 0 keeps the last of the three.
    const halving: SweepDraft = { ...draft, halving: { eta: 3, minEpochs: 1 } };

    it('trains rung by rung with the rung epochs, saving who was stopped and why', async () => {
      const { host, saved } = fakeHost();
      const trainer = new FakeTrainer([]);
      const runner = new SweepRunner(host, trainer);
      expect(await runner.start(doc, halving, project)).toEqual([]);
      expect((await settled(runner)).phase).toBe('finished');
      const [v1, v2, v3] = saved().variants.map((v) => v.assignments[0]?.value);
      expect(trainer.runs().map((r) => [r.activation, r.epochs])).toEqual([
        [v1, 1],
        [v2, 1],
        [v3, 1],
        [v3, 3],
      ]);
      expect(saved().spec.halving).toEqual({ eta: 3, minEpochs: 1 });
      expect(saved().variants.map((v) => [v.rung, v.stoppedAt?.reason])).toEqual([
        [0, 'val accuracy 0.51 ranked 3 of 3 at rung 0 (1 epoch); kept the top 1'],
        [0, 'val accuracy 0.52 ranked 2 of 3 at rung 0 (1 epoch); kept the top 1'],
        [1, undefined],
      ]);
      expect(saved().variants[2]?.earlierRungs).toEqual([
        { rung: 0, epochs: 1, runDir: 'run-3', final: expect.objectContaining({ val_acc: 0.53 }) },
      ]);
    });

    it('continues a stopped variant at the final budget; its result replaces the stop', async () => {
      const { host, saved } = fakeHost();
      const trainer = new FakeTrainer([]);
      const runner = new SweepRunner(host, trainer);
      await runner.start(doc, halving, project);
      await settled(runner);
      expect(await runner.continueStopped('v03', project)).toBe(
        'variant v03 was not stopped by successive halving',
      );
      expect(await runner.continueStopped('v01', project)).toBeNull();
      expect(runner.getView().phase).toBe('running');
      expect(await runner.continueStopped('v02', project)).toMatch(/^The sweep is running/);
      expect((await settled(runner)).phase).toBe('finished');
      expect(
        trainer
          .runs()
          .slice(4)
          .map((r) => r.epochs),
      ).toEqual([3]);
      const v1 = saved().variants[0];
      expect(v1).toMatchObject({ status: 'done', rung: 1, runDir: 'run-5', runStatus: 'completed' });
      expect(v1?.stoppedAt).toBeUndefined();
      expect(v1?.final?.val_acc).toBe(0.55);
      expect(saved().variants[1]?.stoppedAt?.rung).toBe(0);
    });

    it('a sweep saved between a finished rung and its decision is resumable and decides it', async () => {
      const { host, saved } = fakeHost();
      const spec = specFromDraft(doc, halving);
      const x = expandSweep(doc, spec);
      if (!x.ok) throw new Error('bad spec');
      const planned = createSweepState({
        name: 'MLP sweep',
        base: doc,
        spec,
        variants: x.variants,
        now: new Date(0),
      });
      const undecided: SweepState = {
        ...planned,
        variants: planned.variants.map((v, i) => ({
          ...v,
          rung: 0,
          status: 'done',
          runStatus: 'completed',
          runDir: `old-${i}`,
          final: { val_acc: [0.9, 0.5, 0.6][i] as number },
        })),
      };
      await host.saveSweep({ sweepId: 's1', state: serializeSweepState(undecided) });
      const trainer = new FakeTrainer([]);
      const runner = new SweepRunner(host, trainer);
      expect(await runner.loadLatest('MLP')).toBe(true);
      expect(runner.getView().phase).toBe('stopped');
      expect(runner.canResume).toBe(true);
      runner.resume(project);
      expect((await settled(runner)).phase).toBe('finished');
      expect(trainer.runs().map((r) => [r.activation, r.epochs])).toEqual([
        [undecided.variants[0]?.assignments[0]?.value, 3],
      ]);
      expect(saved().variants.map((v) => v.stoppedAt?.rung ?? null)).toEqual([null, 0, 0]);
      expect(runner.canResume).toBe(false);
    });

    it('refuses a halving the draft gets wrong, naming the field, and starts nothing', async () => {
      const { host } = fakeHost();
      const trainer = new FakeTrainer([]);
      const runner = new SweepRunner(host, trainer);
      const issues = await runner.start(doc, { ...draft, halving: { eta: 1, minEpochs: 1 } }, project);
      expect(issues.map((i) => i.message)).toEqual([
        'halving.eta must be a whole number from 2 up, found 1.',
      ]);
      expect(trainer.started).toHaveLength(0);
    });
  });
});
