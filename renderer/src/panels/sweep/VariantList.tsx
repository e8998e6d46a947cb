import { stoppedStatus, type SweepState } from '../../../../graph-core/src/experiments';
import { useTraining } from '../../training/useTraining';

/** One row per variant with its status; the running one shows its epoch and batch progress. */
export function VariantList({ state, current }: { state: SweepState; current: string | null }) {
  const training = useTraining();
  const batchesDone = training.batches.step.length;
  const planned = Math.max(1, training.epochsPlanned * training.batchesPerEpoch);
  return (
    <ol className="sweep-variants" data-testid="sweep.variants">
      {state.variants.map((v) => {
        const running = v.id === current && v.status === 'running';
        const pct = running
          ? Math.min(100, Math.round((batchesDone / planned) * 100))
          : v.status === 'done'
            ? 100
            : 0;
        return (
          <li
            key={v.id}
            data-testid={`sweep.variant.${v.id}`}
            data-status={v.status}
            data-stopped={v.stoppedAt ? v.stoppedAt.rung : undefined}
          >
            <span className="variant-id">{v.id}</span>
            <span className="variant-label">{v.label}</span>
            <span className="variant-bar" aria-hidden>
              <span style={{ width: `${pct}%` }} />
            </span>
            <span className={`variant-status ${v.status}`} title={v.stoppedAt?.reason}>
              {running
                ? `${training.phase} ${pct}%`
                : v.stoppedAt
                  ? `${stoppedStatus(v)}: ${v.stoppedAt.reason}`
                  : v.status === 'done'
                    ? (v.runStatus ?? 'done')
                    : v.status}
              {v.error ? `: ${v.error}` : ''}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
