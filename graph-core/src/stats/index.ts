/**
 * Statistics for comparing runs (pure): a mean and its band, Welch's t-test and a bootstrap,
 * seeds needed, verdicts, speed to a target, area under the curve and the Pareto front.
 * The CLI's compare, the app's Compare and its sweep panel all use these.
 */
export { lnGamma, incompleteBeta, studentTCdf, studentTQuantile } from './tdist';
export * from './describe';
export * from './welch';
export * from './bootstrap';
export * from './power';
export {
  ALPHA,
  TEST_EXPLANATION,
  VERDICT_TEST,
  pText,
  verdict,
  pairwiseVerdicts,
  type Verdict,
} from './verdict';
export * from './speed';
export * from './pareto';
