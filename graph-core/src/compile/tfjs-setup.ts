/**
 * tfjs-core's package entry registers neither gradients nor chained tensor methods (the
 * `@tensorflow/tfjs` union does that); training and tfjs-layers' Orthogonal initialiser need both.
 * Importing these here keeps graph-core on core + layers + a backend the host chooses.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
