import { z } from 'zod';
import type { EvaluationReport } from './evaluation-types';

const classStat = z.object({
  name: z.string(),
  count: z.number(),
  correct: z.number(),
  accuracy: z.number().nullable(),
});

const sample = z.object({
  index: z.number(),
  label: z.number(),
  predicted: z.number(),
  confidence: z.number(),
  image: z
    .object({
      width: z.number(),
      height: z.number(),
      channels: z.number(),
      pixels: z.array(z.number()),
      range: z.object({ min: z.number(), max: z.number() }).optional(),
    })
    .optional(),
  features: z.array(z.number()).optional(),
});

const histogram = z.object({
  nodeId: z.string(),
  kind: z.enum(['weights', 'activations']),
  min: z.number(),
  max: z.number(),
  counts: z.array(z.number()),
});

const boundary = z.object({
  xMin: z.number(),
  xMax: z.number(),
  yMin: z.number(),
  yMax: z.number(),
  resolution: z.number(),
  classes: z.array(z.number()),
  points: z.array(z.object({ x: z.number(), y: z.number(), label: z.number() })),
});

/** evaluation.json (EvaluationReport). */
export const evaluationSchema: z.ZodType<EvaluationReport> = z.object({
  split: z.enum(['validation', 'test']),
  count: z.number(),
  classNames: z.array(z.string()),
  confusion: z.array(z.array(z.number())).nullable(),
  perClass: z.array(classStat),
  accuracy: z.number().nullable(),
  samples: z.array(sample),
  boundary: boundary.nullable(),
  histograms: z.array(histogram),
});
