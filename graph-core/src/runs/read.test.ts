/// <reference types="vite/client" />
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkpointInfoSchema,
  evaluationSchema,
  metricsLineSchema,
  modelManifestSchema,
  parseMetricsLines,
  readRunFolder,
  readRunFolderDetail,
  RUN_FILES,
  runMetaSchema,
  runSummarySchema,
  type RunFolderFiles,
} from './index';

// Golden run folders as today's CLI (`layerloom train --out`) and app (the worker's runJob) wrote them.
const raw = import.meta.glob<string>('../../fixtures/runs/*/**/*', {
  query: '?raw',
  import: 'default',
  eager: true,
});

function fixture(layout: string): Map<string, string> {
  const prefix = `../../fixtures/runs/${layout}/`;
  return new Map(
    Object.entries(raw)
      .filter(([p]) => p.startsWith(prefix))
      .map(([p, text]) => [p.slice(prefix.length), text]),
  );
}

function memoryFiles(files: Map<string, string>, modified: Date | null = null): RunFolderFiles {
  return {
    readText: async (rel) => files.get(rel) ?? null,
    exists: async (rel) => files.has(rel),
    modifiedAt: async () => modified,
  };
}

describe('readRunFolder on the golden folders', () => {
  it('opens a folder the CLI wrote (no meta.json) with meta made up from its summary', async () => {
    const run = await readRunFolderDetail(memoryFiles(fixture('cli-layout')), { id: 'cli-run' });
    expect(run.layout).toBe('cli');
    expect(run.formatVersion).toBe(0);
    expect(run.metaMadeUp).toBe(true);
    expect(run.meta).toMatchObject({ name: 'cli-run', projectName: 'Iris MLP', sweepId: null });
    expect(run.meta.createdAt).toBe(run.summary && 'startedAt' in run.summary ? run.summary.startedAt : '');
    expect(run.summary?.status).toBe('completed');
    expect(run.summaryProblem).toBeNull();
    expect(run.metrics.map((m) => m.epoch)).toEqual([1, 2]);
    expect(run.hasModel).toBe(true);
    expect(run.hasCheckpoint).toBe(false);
    expect(run.evaluation).toBeNull();
  });

  it('opens a folder the app wrote, with its meta, checkpoint and evaluation', async () => {
    const run = await readRunFolderDetail(memoryFiles(fixture('app-layout')), { id: 'app-run' });
    expect(run.layout).toBe('app');
    expect(run.metaMadeUp).toBe(false);
    expect(run.meta.name).toBe('Iris MLP 20261202-041149');
    expect(run.summary).toMatchObject({ status: 'completed', renderer: 'JavaScript (cpu)' });
    expect(run.checkpointInfo).toMatchObject({ epoch: 1, reason: 'interval' });
    expect(run.hasCheckpoint).toBe(true);
    expect(run.evaluation?.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(run.metrics).toHaveLength(2);
  });

  it.each(['cli-layout', 'app-layout'])('finds every file of %s valid against its schema', (layout) => {
    const files = fixture(layout);
    const json = (rel: string) => JSON.parse(files.get(rel)!) as unknown;
    expect(runSummarySchema.safeParse(json(RUN_FILES.summary)).success).toBe(true);
    for (const line of files.get(RUN_FILES.metrics)!.trim().split('\n'))
      expect(metricsLineSchema.parse(JSON.parse(line))).toBeTruthy();
    expect(modelManifestSchema.safeParse(json('model/model.json')).success).toBe(true);
    if (files.has(RUN_FILES.meta)) expect(runMetaSchema.safeParse(json(RUN_FILES.meta)).success).toBe(true);
    if (files.has(RUN_FILES.checkpointInfo))
      expect(checkpointInfoSchema.safeParse(json(RUN_FILES.checkpointInfo)).success).toBe(true);
    if (files.has('checkpoint/model.json'))
      expect(modelManifestSchema.safeParse(json('checkpoint/model.json')).success).toBe(true);
    if (files.has(RUN_FILES.evaluation))
      expect(evaluationSchema.safeParse(json(RUN_FILES.evaluation)).success).toBe(true);
  });
});

describe('readRunFolder on damaged and partial folders', () => {
  const base = () => fixture('cli-layout');

  it('names the field when summary.json does not fit its schema, and keeps the JSON for listings', async () => {
    const files = base();
    const summary = JSON.parse(files.get(RUN_FILES.summary)!) as Record<string, unknown>;
    files.set(RUN_FILES.summary, JSON.stringify({ ...summary, durationMs: 'soon' }));
    const run = await readRunFolder(memoryFiles(files), { id: 'r' });
    expect(run.summary).toBeNull();
    expect(run.summaryJson?.durationMs).toBe('soon');
    expect(run.summaryProblem).toMatch(/^summary\.json: .*durationMs/);
  });

  it('reads a summary torn by a crash as none, saying so', async () => {
    const files = base();
    files.set(RUN_FILES.summary, '{"status": "compl');
    const run = await readRunFolder(memoryFiles(files), { id: 'r' });
    expect(run.summary).toBeNull();
    expect(run.summaryProblem).toMatch(/torn/);
  });

  it('accepts the summary of a run still going and of an abandoned sweep variant', async () => {
    const running = { status: 'running', backend: 'cpu', totalParams: 3, startedAt: 'x', backendReason: 'r' };
    const abandoned = {
      status: 'failed',
      abandoned: true,
      message: 'm',
      previousStatus: null,
      finishedAt: 'x',
    };
    expect(runSummarySchema.safeParse(running).success).toBe(true);
    expect(runSummarySchema.safeParse(abandoned).success).toBe(true);
    expect(runSummarySchema.safeParse({ status: 'running' }).success).toBe(false);
  });

  it('dates a folder with neither meta.json nor summary by its modification time', async () => {
    const files = new Map([[RUN_FILES.graph, '{"name":"Spiral"}']]);
    const when = new Date('2025-01-02T03:04:05Z');
    const run = await readRunFolder(memoryFiles(files, when), { id: 'r' });
    expect(run.meta).toMatchObject({ projectName: 'Spiral', createdAt: when.toISOString() });
    expect(run.summary).toBeNull();
    expect(run.summaryProblem).toBeNull();
  });

  it('calls a folder whose meta.json has runFormat the current layout', async () => {
    const files = fixture('app-layout');
    const meta = JSON.parse(files.get(RUN_FILES.meta)!) as Record<string, unknown>;
    files.set(RUN_FILES.meta, JSON.stringify({ ...meta, runFormat: 1 }));
    const run = await readRunFolder(memoryFiles(files), { id: 'r' });
    expect(run).toMatchObject({ layout: 'current', formatVersion: 1 });
  });
});

describe('parseMetricsLines', () => {
  const line = fc.record({
    epoch: fc.integer({ min: 1, max: 10_000 }),
    loss: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
    acc: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
    val_loss: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
    val_acc: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
    lr: fc.double({ min: 0, max: 1, noNaN: true }),
    durationMs: fc.nat(),
    samplesPerSec: fc.double({ min: 0, max: 1e6, noNaN: true }),
  });

  it('gives back every line written, in order, and counts torn or foreign lines (property)', () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 20 }),
        fc.array(fc.string(), { maxLength: 3 }),
        (lines, junk) => {
          const text = [...lines.map((l) => JSON.stringify(l)), ...junk.map((j) => `{"torn": ${j}`)].join(
            '\n',
          );
          const { metrics, skipped } = parseMetricsLines(text);
          expect(metrics).toEqual(lines.map((l) => JSON.parse(JSON.stringify(l)) as unknown));
          expect(skipped).toBe(junk.length);
        },
      ),
    );
  });

  it('skips a line that is JSON but has no epoch number (a batch record or another tool’s line)', () => {
    const { metrics, skipped } = parseMetricsLines('{"epoch":0,"loss":1}\n[1,2]\n{"step":3}\n');
    expect(metrics).toEqual([]);
    expect(skipped).toBe(3);
  });
});
