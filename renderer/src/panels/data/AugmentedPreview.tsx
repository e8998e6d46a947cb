import { useMemo, useState } from 'react';
import { augmenterFor } from '../../../../graph-core/src/data';
import { takeSamples } from '../../../../graph-core/src/data';
import { findDataChain } from '../../../../graph-core/src/data';
import type { Dataset } from '../../../../graph-core/src/data';
import type { GraphDocument } from '../../../../graph-core/src/document';
import { SamplePreview } from './PreviewParts';

const SHOWN = 8;

/** A few training samples as the Augment nodes would change them; "Again" draws new changes. */
export function AugmentedPreview({ doc, dataset }: { doc: GraphDocument; dataset: Dataset }) {
  const [draw, setDraw] = useState(0);
  const augmented = useMemo(() => {
    let steps;
    try {
      steps = findDataChain(doc).steps.filter((s) => s.type === 'Augment');
    } catch {
      return null;
    }
    const augment = augmenterFor(steps, dataset.featureShape, draw);
    if (!augment) return null;
    const sample = takeSamples(
      dataset,
      Array.from({ length: Math.min(SHOWN, dataset.count) }, (_, i) => i),
    );
    return { ...sample, x: augment(sample.x, sample.count, 'train') };
  }, [doc, dataset, draw]);
  if (!augmented) return null;
  return (
    <section data-testid="data.augmented">
      <h4>
        Augmented for training{' '}
        <button type="button" data-testid="data.augmented.again" onClick={() => setDraw((d) => d + 1)}>
          Again
        </button>
      </h4>
      <SamplePreview ds={augmented} />
    </section>
  );
}
