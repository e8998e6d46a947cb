/**
 * Live per-node health badges, computed on one fixed probe batch every few report points so they
 * cost a forward pass (and, less often, one backward pass) rather than anything per batch.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs';
import type { CompiledGraph } from '../../../graph-core/src/compile';
import type { NodeBadge } from './protocol';

const DEAD_SHARE = 0.5;
const SATURATED_SHARE = 0.5;
const EXPLODING_NORM = 1e3;
const VANISHING_NORM = 1e-7;

type Watched = { nodeId: string; kind: 'relu' | 'sigmoid' | 'tanh' };

function activationOf(layer: tf.layers.Layer): string | null {
  const config = layer.getConfig() as { activation?: unknown };
  if (layer.getClassName() === 'ReLU') return 'relu';
  return typeof config.activation === 'string' ? config.activation : null;
}

/** Which layers to watch, read from the compiled model (layer names are node ids). */
export function watchedLayers(model: LayersModel): Watched[] {
  const out: Watched[] = [];
  for (const layer of model.layers) {
    const act = activationOf(layer);
    if (act === 'relu' || act === 'sigmoid' || act === 'tanh') out.push({ nodeId: layer.name, kind: act });
  }
  return out;
}

export class BadgeProbe {
  private readonly watched: Watched[];
  private readonly probe: LayersModel | null;

  constructor(
    private readonly compiled: CompiledGraph,
    private readonly x: tf.Tensor,
    private readonly y: tf.Tensor,
  ) {
    const model = compiled.model;
    this.watched = watchedLayers(model);
    const outputs = this.watched.map((w) => model.getLayer(w.nodeId).output as SymbolicTensor);
    this.probe = outputs.length ? tf.model({ inputs: model.inputs, outputs }) : null;
  }

  /** Activation badges; gradient badges too when `withGradients`. */
  async measure(withGradients: boolean): Promise<NodeBadge[]> {
    const badges: NodeBadge[] = [];
    if (this.probe) {
      const shares = tf.tidy(() => {
        const raw = this.probe!.predict(this.x);
        const acts = Array.isArray(raw) ? raw : [raw];
        return tf.stack(
          acts.map((a, i) => {
            const kind = this.watched[i]!.kind;
            if (kind === 'relu') {
              // A unit is dead when it is zero for every sample of the probe batch.
              const alive = tf.greater(tf.max(a, 0), 0);
              return tf.sub(1, tf.mean(tf.cast(alive, 'float32')));
            }
            const edge = kind === 'sigmoid' ? tf.abs(tf.sub(a, 0.5)) : tf.abs(a);
            return tf.mean(tf.cast(tf.greater(edge, kind === 'sigmoid' ? 0.49 : 0.98), 'float32'));
          }),
        );
      });
      const values = await shares.data();
      shares.dispose();
      this.watched.forEach((w, i) => {
        const share = values[i] ?? 0;
        const limit = w.kind === 'relu' ? DEAD_SHARE : SATURATED_SHARE;
        if (share < limit) return;
        const pct = Math.round(share * 100);
        badges.push(
          w.kind === 'relu'
            ? {
                nodeId: w.nodeId,
                kind: 'deadRelu',
                value: share,
                message: `${pct}% of ReLU units are dead (zero for every sample)`,
              }
            : {
                nodeId: w.nodeId,
                kind: 'saturated',
                value: share,
                message: `${pct}% of ${w.kind} outputs are saturated`,
              },
        );
      });
    }
    if (withGradients) badges.push(...(await this.gradientBadges()));
    return badges;
  }

  private async gradientBadges(): Promise<NodeBadge[]> {
    const { model, loss } = this.compiled;
    const kernels = model.trainableWeights.filter((w) => /kernel|embeddings/.test(w.originalName));
    if (kernels.length === 0) return [];
    const vars = kernels.map((w) => w.read() as tf.Variable);
    const norms = tf.tidy(() => {
      const { grads } = tf.variableGrads(
        () => loss(this.y, model.apply(this.x, { training: false }) as tf.Tensor),
        vars,
      );
      return tf.stack(vars.map((v) => tf.norm(grads[v.name]!)));
    });
    const values = await norms.data();
    norms.dispose();
    const out: NodeBadge[] = [];
    kernels.forEach((w, i) => {
      const norm = values[i] ?? 0;
      const nodeId = w.originalName.split('/')[0] ?? w.originalName;
      if (!Number.isFinite(norm) || norm > EXPLODING_NORM)
        out.push({
          nodeId,
          kind: 'exploding',
          value: norm,
          message: `gradient norm ${norm.toExponential(1)}: exploding`,
        });
      else if (norm < VANISHING_NORM)
        out.push({
          nodeId,
          kind: 'vanishing',
          value: norm,
          message: `gradient norm ${norm.toExponential(1)}: vanishing`,
        });
    });
    return out;
  }

  dispose(): void {
    tf.dispose([this.x, this.y]);
  }
}
