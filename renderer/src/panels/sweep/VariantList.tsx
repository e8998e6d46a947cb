import {
  rungText,
  stateSchedule,
  stoppedLine,
  type SweepState,
} from '../../../../graph-core/src/experiments';
import { useTraining } from '../../training/useTraining';

/**
 * One row per variant with its status; the running one shows its epoch and batch progress. Under
 * successive halving a second line says the variant's rung, or where and why it was stopped, with
 * Continue (train it at the final budget).
 */
export function VariantList({
  state,
  current,
  canContinue,
  onContinue,
}: {
  state: SweepState;
  current: string | null;
  canContinue: boolean;
  onContinue: (id: string) => void;
}) {
  const training = useTraining();
  const batchesDone = training.batches.step.length;
  const planned = Math.max(1, training.epochsPlanned * training.batchesPerEpoch);
  const last = stateSchedule(state).length - 1;
  return (
    <ol className="sweep-variants" data-testid="sweep.variants">
      {state.variants.map((v) => {
        const running = v.id === current && v.status === 'running';
        const pct = running
          ? Math.min(100, Math.round((batchesDone / planned) * 100))
          : v.status === 'done'
            ? 100
            : 0;
        const rung = rungText(state, v);
        return (
          <li
            key={v.id}
            data-testid={`sweep.variant.${v.id}`}
            data-status={v.status}
            data-rung={rung === null ? undefined : (v.rung ?? 0)}
            data-stopped={v.stoppedAt ? v.stoppedAt.rung : undefined}
          >
            <span className="variant-id">{v.id}</span>
            <span className="variant-label">{v.label}</span>
            <span className="variant-bar" aria-hidden>
              <span style={{ width: `${pct}%` }} />
            </span>
            <span className={`variant-status ${v.stoppedAt ? 'stopped' : v.status}`} title={v.error}>
              {running
                ? `${training.phase} ${pct}%`
                : v.stoppedAt
                  ? 'stopped'
                  : v.status === 'done'
                    ? (v.runStatus ?? 'done')
                    : v.status}
              {v.error ? `: ${v.error}` : ''}
            </span>
            {rung !== null && (
              <span className="variant-rung" data-testid={`sweep.rung.${v.id}`}>
                {stoppedLine(v) ??
                  (v.status === 'done' && (v.rung ?? 0) >= last ? `finished at ${rung}` : rung)}
                {v.stoppedAt && (
                  <button
                    type="button"
                    className="variant-continue"
                    data-testid={`sweep.continue.${v.id}`}
                    disabled={!canContinue}
                    title="Train this variant at the final budget (layerloom sweep --resume DIR --continue ID)"
                    onClick={() => onContinue(v.id)}
                  >
                    Continue
                  </button>
                )}
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
