import { describe, expect, it } from 'vitest';
import { finishedSummarySchema, runCost } from './index';

const raw = import.meta.glob<string>('../../fixtures/runs/*/summary.json', {
  query: '?raw',
  import: 'default',
  eager: true,
});

const cost = {
  trainableParams: 27,
  nonTrainableParams: 40,
  flopsPerSample: 140,
  inferenceMsPerSample: 0.004,
  inferenceBatch: 30,
};

describe("a run's cost in summary.json", () => {
  it('is absent from the golden folders written before it, which still read, with no cost', () => {
    const summaries = Object.values(raw).map((t) => JSON.parse(t) as Record<string, unknown>);
    expect(summaries.length).toBe(2);
    for (const s of summaries) {
      expect(finishedSummarySchema.safeParse(s).success).toBe(true);
      expect(runCost({ summaryJson: s })).toBeNull();
    }
  });

  it('reads back as written, and a damaged one is refused naming its field', () => {
    const [text] = Object.values(raw);
    const summary = { ...(JSON.parse(text!) as Record<string, unknown>), cost };
    expect(runCost({ summaryJson: summary })).toEqual(cost);
    const bad = finishedSummarySchema.safeParse({ ...summary, cost: { ...cost, trainableParams: -1 } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['cost', 'trainableParams']);
  });
});
