/**
 * tfjs-core's package entry registers neither gradients nor chained tensor methods; training and
 * tfjs-layers' Orthogonal initialiser need both. The `@tensorflow/tfjs` union registers them in
 * every environment we run in: its CommonJS build under plain Node (tsx, vitest), its ES2017
 * modules when bundled (esbuild CLI, Vite renderer and worker). Importing tfjs-core's
 * `dist/register_all_gradients` directly works only in bundles: Node cannot load those files.
 * No backend is chosen here; hosts import and set the one they want.
 */
import '@tensorflow/tfjs';
