import { useMemo } from 'react';
import { trainingController, useTraining } from '../../training/useTraining';
import { isActive, type TrainingState } from '../../training/state';
import { BoundaryPlot } from '../evaluation/Charts';
import { LineChart, type ChartSeries } from './LineChart';
import { ProbeProgress } from './ProbeProgress';
import { fmtDuration, fmtMetric, fmtPercent, fmtRate, fmtSeconds } from './format';
import './training.css';

function statusText(s: TrainingState): string {
  if (s.phase === 'done' && s.summary) return s.summary.status;
  if (s.phase === 'error') return 'failed';
  return s.phase;
}

function EpochCharts({ s }: { s: TrainingState }) {
  const epochs = useMemo(() => {
    const e = s.epochs;
    return {
      x: e.map((m) => m.epoch),
      loss: [
        { label: 'loss', values: e.map((m) => m.loss), color: '#3b82f6' },
        { label: 'val_loss', values: e.map((m) => m.val_loss), color: '#f59e0b' },
      ] satisfies ChartSeries[],
      acc: [
        { label: 'acc', values: e.map((m) => m.acc), color: '#3b82f6' },
        { label: 'val_acc', values: e.map((m) => m.val_acc), color: '#f59e0b' },
      ] satisfies ChartSeries[],
    };
  }, [s.epochs]);
  return (
    <>
      <LineChart
        title="Loss per epoch"
        testId="training.chart.epochLoss"
        x={epochs.x}
        series={epochs.loss}
        version={s.epochs.length}
        xLabel="epoch"
      />
      <LineChart
        title="Accuracy per epoch"
        testId="training.chart.epochAcc"
        x={epochs.x}
        series={epochs.acc}
        version={s.epochs.length}
        xLabel="epoch"
      />
    </>
  );
}

function BatchCharts({ s }: { s: TrainingState }) {
  const b = s.batches;
  const loss = useMemo<ChartSeries[]>(
    () => [
      { label: 'loss', values: b.loss, color: '#3b82f6' },
      { label: 'acc', values: b.acc, color: '#10b981' },
    ],
    [b],
  );
  const lr = useMemo<ChartSeries[]>(() => [{ label: 'lr', values: b.lr, color: '#a855f7' }], [b]);
  return (
    <>
      <LineChart
        title="Per batch"
        testId="training.chart.batch"
        x={b.step}
        series={loss}
        version={s.version}
        xLabel="batch"
      />
      <LineChart
        title="Learning rate"
        testId="training.chart.lr"
        x={b.step}
        series={lr}
        version={s.version}
        xLabel="batch"
      />
    </>
  );
}

function Outcome({ s }: { s: TrainingState }) {
  const c = trainingController();
  const sum = s.summary;
  return (
    <>
      {s.error && (
        <div className="training-error" role="alert" data-testid="training.error">
          {s.error.message}
        </div>
      )}
      {sum && (
        <div className="training-final" data-testid="training.final">
          <span>loss {fmtMetric(sum.final.loss)}</span>
          <span>acc {fmtPercent(sum.final.acc)}</span>
          <span>val_loss {fmtMetric(sum.final.val_loss)}</span>
          <span data-testid="training.final.val_acc" data-value={sum.final.val_acc ?? ''}>
            val_acc {fmtPercent(sum.final.val_acc)}
          </span>
          {sum.test && (
            <span data-testid="training.final.test">
              test acc {fmtPercent(sum.test.acc)} ({sum.test.count})
            </span>
          )}
          <span
            data-testid="training.final.duration"
            title="training only, without loading, compiling and the backend probe"
          >
            trained in {fmtSeconds(sum.durationMs)}
          </span>
          {sum.timeToFirstBatchMs !== undefined && (
            <span data-testid="training.final.firstBatch" data-value={sum.timeToFirstBatchMs}>
              first batch after {fmtSeconds(sum.timeToFirstBatchMs)}
            </span>
          )}
          {sum.wallMs !== undefined && (
            <span data-testid="training.final.wall" data-value={sum.wallMs}>
              wall {fmtSeconds(sum.wallMs)}
            </span>
          )}
        </div>
      )}
      {sum?.message && <div className="training-message">{sum.message}</div>}
      {sum?.advice && (
        <div className="training-advice" data-testid="training.advice">
          {sum.advice}
        </div>
      )}
      {s.contextLost && (
        <div className="training-offer" role="alert" data-testid="training.fallbackOffer">
          The GPU was lost.{' '}
          {s.checkpointEpoch > 0
            ? `The checkpoint after epoch ${s.checkpointEpoch} is kept.`
            : 'No checkpoint was written yet.'}{' '}
          Continue on:
          <button type="button" data-testid="training.continue.wasm" onClick={() => c.continueOn('wasm')}>
            wasm
          </button>
          <button type="button" data-testid="training.continue.cpu" onClick={() => c.continueOn('cpu')}>
            cpu
          </button>
        </div>
      )}
    </>
  );
}

export function TrainingPanel() {
  const s = useTraining();
  // A resumed run numbers its epochs on from its checkpoint, so the label reads the last number.
  const epochLabel = s.epochs.length
    ? `epoch ${s.epochs[s.epochs.length - 1]!.epoch} of ${s.epochsPlanned}`
    : s.epochsPlanned
      ? `epoch 1 of ${s.epochsPlanned}`
      : '';
  return (
    <div className="training-panel">
      <div className="training-head">
        <span className={`training-status st-${statusText(s)}`} data-testid="training.status">
          {statusText(s)}
        </span>
        <span className="training-backend" data-testid="training.backend" title={s.backend?.renderer ?? ''}>
          {s.backend?.backend ?? '—'}
        </span>
        <span className="dim" data-testid="training.renderer">
          {s.backend?.renderer ?? ''}
        </span>
        {isActive(s.phase) && <span>{epochLabel}</span>}
        <span data-testid="training.speed">{fmtRate(s.samplesPerSec)}</span>
        {isActive(s.phase) && <span data-testid="training.eta">{fmtDuration(s.etaMs)} left</span>}
        {s.runId && (
          <span className="dim" data-testid="training.runId">
            runs/{s.runId}
          </span>
        )}
      </div>
      {s.backend?.fallbackReason && (
        <div className="training-message" data-testid="training.fallbackReason">
          Not on a faster backend: {s.backend.fallbackReason}
        </div>
      )}
      <ProbeProgress s={s} />
      <Outcome s={s} />
      {s.badges.length > 0 && (
        <ul className="training-badges" data-testid="training.badges">
          {s.badges.map((b) => (
            <li key={`${b.nodeId}.${b.kind}`}>
              <b>{b.nodeId}</b>: {b.message}
            </li>
          ))}
        </ul>
      )}
      <div className="training-charts">
        {s.boundary && (
          <figure className="training-boundary" data-testid="training.boundary" data-step={s.boundary.step}>
            <figcaption>
              Decision boundary{isActive(s.phase) ? ' (live)' : ''}: epoch {s.boundary.epoch}, batch{' '}
              {s.boundary.step}
            </figcaption>
            <BoundaryPlot b={s.boundary.boundary} testId="training.boundary.plot" />
          </figure>
        )}
        <BatchCharts s={s} />
        <EpochCharts s={s} />
      </div>
    </div>
  );
}
