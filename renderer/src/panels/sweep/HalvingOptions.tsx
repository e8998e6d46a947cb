import { useEffect, useState } from 'react';
import { getParamSpec, resolveParams } from '../../../../graph-core/src/catalogue';
import type { GraphDocument } from '../../../../graph-core/src/document';
import {
  defaultHalving,
  halvingProblems,
  halvingSummary,
  type HalvingSpec,
} from '../../../../graph-core/src/experiments';
import type { SweepDraft } from '../../sweep/draft';

const share = (eta: number) => (eta === 2 ? 'best half' : eta === 3 ? 'best third' : `best 1/${eta}`);

/** The epochs the graph trains now: the Optimizer's, its catalogue default when left out. */
function graphEpochs(doc: GraphDocument): number {
  const fallback = getParamSpec('Optimizer', 'epochs')!.default as number;
  const optimizer = doc.nodes.find((n) => n.type === 'Optimizer');
  const e = optimizer ? resolveParams(optimizer)['epochs'] : fallback;
  return typeof e === 'number' && e >= 1 ? e : fallback;
}

/**
 * The sweep's successive halving: on/off, eta and the first rung's epochs, and what it will train
 * against a full grid. Wrong numbers are kept in the draft so the sweep's checks name them.
 */
export function HalvingOptions({
  doc,
  draft,
  variants,
  onChange,
}: {
  doc: GraphDocument;
  draft: SweepDraft;
  /** Runs the sweep plans (repeats included); null while the draft does not expand. */
  variants: number | null;
  onChange: (d: SweepDraft) => void;
}) {
  const h = draft.halving;
  const set = (next: HalvingSpec | undefined) => {
    const { halving: _old, ...rest } = draft;
    onChange(next ? { ...rest, halving: next } : rest);
  };
  const eta = h?.eta ?? 3;
  const ok = h !== undefined && halvingProblems(h).length === 0;
  const summary = ok && variants ? halvingSummary(variants, h, draft.repeats) : null;
  return (
    <div className="sweep-halving" data-testid="sweep.halving">
      <label title="Train every variant briefly, keep the best, train those longer; repeat until one is left">
        <input
          type="checkbox"
          data-testid="sweep.halving.on"
          checked={h !== undefined}
          onChange={(e) =>
            set(e.target.checked ? defaultHalving(variants ?? 1, graphEpochs(doc)) : undefined)
          }
        />
        successive halving
      </label>
      {h && (
        <>
          <WholeField
            label="eta"
            testId="sweep.halving.eta"
            value={eta}
            onCommit={(n) => set({ ...h, eta: n })}
          />
          <WholeField
            label="first rung epochs"
            testId="sweep.halving.minEpochs"
            value={h.minEpochs}
            onCommit={(n) => set({ ...h, minEpochs: n })}
          />
          {ok && (
            <p className="hint" data-testid="sweep.halving.summary">
              Trains every variant {h.minEpochs} epoch{h.minEpochs === 1 ? '' : 's'}, keeps the {share(eta)}{' '}
              by {draft.metric} and trains those {eta}× longer, until one is left; stopped variants can be
              continued. {summary && <strong>{summary.cost}.</strong>}
              {summary && <span className="dim"> {summary.rungs}</span>}
            </p>
          )}
        </>
      )}
    </div>
  );
}

/** A number box that keeps what is typed; a number is committed as typed, anything else is named here. */
function WholeField({
  label,
  testId,
  value,
  onCommit,
}: {
  label: string;
  testId: string;
  value: number;
  onCommit: (n: number) => void;
}) {
  const [text, setText] = useState(String(value));
  useEffect(() => {
    setText((t) => (Number(t) === value && t.trim() !== '' ? t : String(value)));
  }, [value]);
  const bad = text.trim() === '' || !Number.isFinite(Number(text));
  return (
    <label>
      {label}
      <input
        data-testid={testId}
        inputMode="numeric"
        size={4}
        value={text}
        aria-invalid={bad || undefined}
        onChange={(e) => {
          setText(e.target.value);
          const n = Number(e.target.value);
          if (e.target.value.trim() !== '' && Number.isFinite(n)) onCommit(n);
        }}
      />
      {bad && (
        <span className="param-error" role="alert" data-testid={`${testId}.error`}>
          {label}: type a whole number
        </span>
      )}
    </label>
  );
}
