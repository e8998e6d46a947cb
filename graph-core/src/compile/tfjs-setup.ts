/**
 * tfjs-core's package entry registers neither gradients nor chained tensor methods; training and
 * tfjs-layers' Orthogonal initialiser need both. The `@tensorflow/tfjs` union registers them in
 * every environment we run in: its CommonJS build under plain Node (tsx, vitest), its ES2017
 * modules when bundled (esbuild CLI, Vite renderer and worker). Importing tfjs-core's
 * `dist/register_all_gradients` directly works only in bundles: Node cannot load those files.
 * No backend is chosen here; hosts import and set the one they want.
 */
import { registerGradient, stack, Unpack, type Tensor, type UnpackAttrs } from '@tensorflow/tfjs';

/**
 * tfjs's own gradient of Unpack (unstack) calls `stack(dy)`, but the engine hands a kernel with a
 * single output its gradient as one tensor, not a list: every recurrent layer over a one-step
 * sequence (they unstack the time axis) then failed its first training step whenever a trainable
 * layer fed it. Same gradient, either form of `dy`. Registered after the union's, so it wins.
 */
registerGradient({
  kernelName: Unpack,
  gradFunc: (dy: Tensor | Tensor[], _saved: Tensor[], attrs) => {
    const { axis } = attrs as unknown as UnpackAttrs;
    const pieces = Array.isArray(dy) ? dy : [dy];
    return { value: () => stack(pieces, axis) };
  },
});
