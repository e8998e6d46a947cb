import { useState } from 'react';
import type { SamplePrediction } from '../../../../graph-core/src/runs';
import { formatFeatures, parseFeatures, sampleInput } from './predictInput';
import { SampleImage } from './SampleImage';

export interface Picked {
  input: Float32Array;
  /** The sample's true class when it came from the validation split. */
  label: number | null;
}

/** Validation samples of the run's evaluation to try the model on, one click each. */
export function PredictSamples({
  samples,
  onPick,
}: {
  samples: SamplePrediction[];
  onPick: (picked: Picked) => void;
}) {
  const usable = samples.filter((s) => sampleInput(s) !== null).slice(0, 24);
  if (usable.length === 0) return null;
  return (
    <div className="predict-samples" data-testid="predict.samples">
      <div className="dim">Validation samples (misclassified first): click one to predict it</div>
      <div className="predict-sample-grid">
        {usable.map((s) => (
          <button
            type="button"
            key={s.index}
            className={s.label === s.predicted ? 'predict-sample' : 'predict-sample wrong'}
            data-testid={`predict.sample.${s.index}`}
            title={`label ${s.label}`}
            onClick={() => onPick({ input: sampleInput(s)!, label: s.label })}
          >
            {s.image ? (
              <SampleImage image={s.image} size={36} />
            ) : (
              <span>{formatFeatures(s.features ?? [])}</span>
            )}
          </button>
        ))}
      </div>
    </div>
  );
}

/** Feature values typed by hand, for tabular and 2-D models. */
export function FeatureEntry({ onPick }: { onPick: (picked: Picked) => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    const parsed = parseFeatures(text);
    if ('error' in parsed) return setError(parsed.error);
    setError(null);
    onPick({ input: parsed.values, label: null });
  };
  return (
    <form
      className="predict-features"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label>
        Feature values{' '}
        <input
          data-testid="predict.features"
          value={text}
          placeholder="e.g. 0.5, -1.2"
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <button type="submit" data-testid="predict.features.go">
        Predict
      </button>
      {error && (
        <div className="training-error" data-testid="predict.features.error">
          {error}
        </div>
      )}
    </form>
  );
}
