import '../compile/tfjs-setup';
import * as tf from '@tensorflow/tfjs-core';
import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import { createOptimizer, learningRateAt, setLearningRate } from '../compile/optimizers';
import { createRng, deriveSeed, permutation } from '../data/builtin/random';
import { divergedAdvice, explodedAdvice, lossExploded, mismatchProblem } from './advice';
import { EarlyStopper } from './early-stopping';
import { createYielder, sleep } from './scheduling';
import { evaluate, uploadSplit, correctCount, type DeviceSplit } from './tensors';
import type {
  BatchMetrics,
  EpochMetrics,
  FinalMetrics,
  OptimizerWeights,
  RunStatus,
  RunSummary,
  TrainOptions,
  TrainResult,
} from './types';

export * from './types';

interface Pending {
  cost: Scalar;
  correct: Tensor | null;
  size: number;
}

const EMPTY: FinalMetrics = { loss: null, acc: null, val_loss: null, val_acc: null };

/**
 * The one training loop: Node (CLI), the browser worker and the benchmarks all call this.
 * Data stays on the backend; each batch is gathered there by a seeded permutation. The loss is
 * read back only every `reportEvery` batches, so a GPU backend is not stalled per batch.
 * The caller owns `compiled.model` (and disposes it); everything else created here is freed here.
 */
export async function trainModel(opts: TrainOptions): Promise<TrainResult> {
  const now = opts.now ?? (() => Date.now());
  const started = now();
  const startedAt = new Date(started).toISOString();
  const { compiled, data } = opts;
  const { model, optimizerConfig: config } = compiled;
  const epochs = opts.epochs ?? config.epochs;
  const batchSize = Math.max(1, Math.min(opts.batchSize ?? config.batchSize, data.train.count));
  const withAccuracy = data.task === 'classification';
  const history: EpochMetrics[] = [];
  /** Epochs a resumed run had already trained: numbering, shuffling and schedules carry on from there. */
  const before = Math.max(0, Math.floor(opts.resume?.epoch ?? 0));
  const summary = (status: RunStatus, final: FinalMetrics, extra: Partial<RunSummary> = {}): TrainResult => {
    const durationMs = now() - started;
    const trained = history.length * data.train.count;
    return {
      history,
      summary: {
        status,
        backend: tf.getBackend(),
        durationMs,
        totalParams: model.countParams(),
        final,
        epochs: before + history.length,
        epochsPlanned: epochs,
        seed: config.seed,
        batchSize,
        samplesPerSec: durationMs > 0 ? (trained / durationMs) * 1000 : 0,
        dataset: {
          name: data.name,
          train: data.train.count,
          validation: data.validation.count,
          test: data.test.count,
        },
        startedAt,
        finishedAt: new Date(now()).toISOString(),
        ...extra,
      },
    };
  };

  const problem = mismatchProblem(compiled, data);
  if (problem) return summary('failed', EMPTY, problem);

  const optimizer = createOptimizer(config);
  const vars = model.trainableWeights.map((w) => w.read() as Variable);
  const upload = (s: typeof data.train): DeviceSplit =>
    uploadSplit(s, data.featureShape, compiled.labelEncoding, compiled.outputUnits);
  const train = upload(data.train);
  const augment = data.augment;
  const sampleLength = data.featureShape.reduce((a, b) => a * b, 1);
  /** Augment nodes transform samples on the CPU, so augmented batches are assembled and uploaded per batch. */
  const augmentedBatch = (perm: Int32Array, start: number, size: number): Tensor => {
    const rows = new Float32Array(size * sampleLength);
    for (let i = 0; i < size; i++) {
      const from = perm[start + i]! * sampleLength;
      rows.set(data.train.x.subarray(from, from + sampleLength), i * sampleLength);
    }
    return tf.tensor(augment!(rows, size, 'train'), [size, ...data.featureShape], 'float32');
  };
  const validation = upload(data.validation);
  const test = upload(data.test);
  const rng = createRng(deriveSeed(config.seed, 'shuffle'));
  const stopper = config.earlyStopping ? new EarlyStopper(config.earlyStopping) : null;
  const yielder = createYielder();
  const reportEvery = Math.max(1, opts.reportEvery ?? (opts.onBatchEnd ? 1 : 16));
  const batchesPerEpoch = Math.ceil(train.count / batchSize);
  const stopRequested = () => Boolean(opts.shouldStop?.() || opts.signal?.aborted);
  // Replaying the earlier epochs' shuffles leaves the generator where an unbroken run would have it.
  for (let e = 0; e < before; e++) permutation(train.count, rng);
  let step = before * batchesPerEpoch;
  let lr = learningRateAt(config, 0);
  let final: FinalMetrics = EMPTY;
  /** A fresh run's first batch loss (before any update): the yardstick for a loss that blew up. */
  let startLoss: number | null = null;

  try {
    if (opts.resume?.optimizerWeights?.length)
      await restoreOptimizer(optimizer, opts.resume.optimizerWeights);
    for (let epoch = before + 1; epoch <= epochs; epoch++) {
      const epochStart = now();
      const perm = permutation(train.count, rng);
      const order = tf.tensor1d(perm, 'int32');
      let pending: Pending[] = [];
      let epochLoss = 0;
      let epochCorrect = 0;
      let epochSeen = 0;
      let windowStart = now();
      let stopped = false;

      /** Reads the pending batch results: one sync for several batches. */
      const flush = async (batch: number): Promise<number | null> => {
        if (pending.length === 0) return null;
        const parts = pending.flatMap((p) => (p.correct ? [p.cost, p.correct] : [p.cost]));
        // Costs and counts are scalars already; a reshape each would be two more kernels per batch.
        const packed = tf.tidy(() => tf.stack(parts.map((t) => (t.rank === 0 ? t : tf.reshape(t, [])))));
        const values = await packed.data();
        let k = 0;
        let lossSum = 0;
        let correct = 0;
        let seen = 0;
        for (const p of pending) {
          const cost = values[k++]!;
          if (!Number.isFinite(cost)) {
            tf.dispose([packed, ...parts]);
            pending = [];
            return cost;
          }
          if (startLoss === null && before === 0) startLoss = cost;
          lossSum += cost * p.size;
          if (p.correct) correct += values[k++]!;
          seen += p.size;
        }
        tf.dispose([packed, ...parts]);
        pending = [];
        epochLoss += lossSum;
        epochCorrect += correct;
        epochSeen += seen;
        if (opts.onBatchEnd) {
          const elapsed = now() - windowStart;
          const m: BatchMetrics = {
            epoch,
            batch,
            batchesPerEpoch,
            step: step - 1,
            loss: lossSum / seen,
            acc: withAccuracy ? correct / seen : null,
            lr,
            samplesPerSec: elapsed > 0 ? (seen / elapsed) * 1000 : 0,
          };
          await opts.onBatchEnd(m);
        }
        windowStart = now();
        return null;
      };

      for (let batch = 0; batch < batchesPerEpoch; batch++) {
        await yielder.yield();
        while (opts.isPaused?.() && !stopRequested()) await sleep(50);
        if (stopRequested()) {
          stopped = true;
          break;
        }
        lr = learningRateAt(config, step);
        setLearningRate(optimizer, lr);
        for (const layer of compiled.dropoutLayers)
          layer.seed = deriveSeed(config.seed, `${layer.name}#${step}`);
        const start = batch * batchSize;
        const size = Math.min(batchSize, train.count - start);
        const [cost, correct] = tf.tidy(() => {
          const idx = tf.slice(order, start, size);
          const xb = augment ? augmentedBatch(perm, start, size) : tf.gather(train.x, idx);
          const yb = tf.gather(train.y, idx);
          let correct: Tensor | null = null;
          const cost = optimizer.minimize(
            () => {
              const pred = model.apply(xb, { training: true }) as Tensor;
              if (withAccuracy) correct = tf.keep(correctCount(yb, pred, compiled.labelEncoding));
              // Kernel/bias regularisers (tfjs's fit adds them the same way): part of the training loss only.
              const penalties = model.calculateLosses();
              const loss = compiled.loss(yb, pred);
              return penalties.length ? tf.addN([loss, ...penalties]) : loss;
            },
            true,
            vars,
          )!;
          return correct ? [cost, correct as Tensor] : [cost];
        });
        pending.push({ cost: cost as Scalar, correct: correct ?? null, size });
        step++;
        if (pending.length >= reportEvery || batch === batchesPerEpoch - 1) {
          const bad = await flush(batch);
          if (bad !== null) {
            order.dispose();
            return summary('diverged', final, divergedAdvice(bad, epoch, batch, lr, compiled));
          }
        }
      }
      if (!stopped) {
        const bad = await flush(batchesPerEpoch - 1);
        if (bad !== null) {
          order.dispose();
          return summary('diverged', final, divergedAdvice(bad, epoch, batchesPerEpoch - 1, lr, compiled));
        }
      } else {
        tf.dispose(pending.flatMap((p) => (p.correct ? [p.cost, p.correct] : [p.cost])));
        pending = [];
      }
      order.dispose();
      if (stopped) {
        if (history.length === 0 && epochSeen > 0)
          final = {
            loss: epochLoss / epochSeen,
            acc: withAccuracy ? epochCorrect / epochSeen : null,
            val_loss: null,
            val_acc: null,
          };
        await opts.onCheckpoint?.(model, { epoch: before + history.length, reason: 'stop' }, optimizer);
        return await finish('stopped', {
          message: `Stopped during epoch ${epoch}, batch ${epochSeen === 0 ? 0 : Math.ceil(epochSeen / batchSize)}.`,
        });
      }

      if (lossExploded(startLoss, epochLoss / epochSeen))
        return summary('diverged', final, explodedAdvice(startLoss!, epochLoss / epochSeen, epoch, lr));
      const trainMs = now() - epochStart;
      const val = await evaluate(model, compiled, validation, withAccuracy);
      if (val && !Number.isFinite(val.loss))
        return summary('diverged', final, divergedAdvice(val.loss, epoch, batchesPerEpoch - 1, lr, compiled));
      const metrics: EpochMetrics = {
        epoch,
        loss: epochLoss / epochSeen,
        acc: withAccuracy ? epochCorrect / epochSeen : null,
        val_loss: val?.loss ?? null,
        val_acc: val?.acc ?? null,
        lr,
        durationMs: now() - epochStart,
        samplesPerSec: trainMs > 0 ? (epochSeen / trainMs) * 1000 : 0,
      };
      history.push(metrics);
      final = { loss: metrics.loss, acc: metrics.acc, val_loss: metrics.val_loss, val_acc: metrics.val_acc };
      await opts.onEpochEnd?.(metrics);
      if (opts.checkpointEvery && epoch % opts.checkpointEvery === 0 && epoch < epochs) {
        await opts.onCheckpoint?.(model, { epoch, reason: 'interval' }, optimizer);
      }
      if (stopper?.update(metrics)) {
        return await finish('completed', { stoppedEarly: { epoch, monitor: stopper.monitor } });
      }
    }
    return await finish('completed');
  } finally {
    yielder.close();
    optimizer.dispose();
    tf.dispose([train.x, train.y, validation.x, validation.y, test.x, test.y]);
  }

  async function finish(status: RunStatus, extra: Partial<RunSummary> = {}): Promise<TrainResult> {
    const t = await evaluate(model, compiled, test, withAccuracy);
    return summary(status, final, t ? { ...extra, test: t } : extra);
  }
}

/**
 * Optimizers take over the tensors they are given as their own variables' initial values, so
 * copies go in and the caller keeps (and frees) its own.
 */
async function restoreOptimizer(optimizer: tf.Optimizer, weights: OptimizerWeights): Promise<void> {
  const copies = weights.map((w) => ({ name: w.name, tensor: w.tensor.clone() }));
  try {
    await optimizer.setWeights(copies);
  } finally {
    tf.dispose(copies.map((c) => c.tensor));
  }
}
