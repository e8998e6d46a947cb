/**
 * The backend probe as it happens: on the first Train of a model shape the worker times a few real
 * training steps on each candidate backend before the first batch; this says which one is being
 * timed, each one's ms per step, and which won and why, instead of a silent "compiling".
 */
import type { TrainingState } from '../../training/state';
import { fmtRate } from './format';

function timedLines(s: TrainingState) {
  return s.probeLog.flatMap((e) =>
    e.kind === 'timed'
      ? [
          {
            backend: e.probe.backend,
            text: e.probe.ok
              ? `${e.msPerStep === null ? '—' : e.msPerStep.toFixed(1)} ms/step`
              : `unusable: ${e.probe.error ?? 'failed'}`,
          },
        ]
      : [],
  );
}

export function ProbeProgress({ s }: { s: TrainingState }) {
  const last = s.probeLog[s.probeLog.length - 1];
  const timing = !s.backend && last?.kind === 'timing' ? last : null;
  const lines = timedLines(s);
  const b = s.backend;
  if (!timing && lines.length === 0 && !(b && b.probes.length > 0)) return null;
  return (
    <div className="training-probe" data-testid="training.probe">
      {timing && (
        <div data-testid="training.probe.timing">
          Choosing a backend for this model: timing {timing.backend} ({timing.index + 1} of {timing.count})…
        </div>
      )}
      {lines.length > 0 && (
        <ul className="dim" data-testid="training.probe.results">
          {lines.map((l) => (
            <li key={l.backend} data-testid={`training.probe.result.${l.backend}`}>
              {l.backend}: {l.text}
            </li>
          ))}
        </ul>
      )}
      {b && b.probes.length > 0 && (
        <div className="dim" data-testid="training.probes">
          {b.probeCached
            ? `Backend ${b.backend}, remembered from an earlier probe of this model shape: `
            : `Picked ${b.backend}: `}
          {b.reason}
          {` (${b.probes.map((p) => `${p.backend} ${p.ok ? fmtRate(p.samplesPerSec ?? 0) : 'failed'}`).join(' · ')})`}
        </div>
      )}
    </div>
  );
}
