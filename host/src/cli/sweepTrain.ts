import path from 'node:path';
import type { RunOutcome } from '../../../graph-core/src/experiments';
import type { EpochMetrics } from '../../../graph-core/src/train';
import { BACKEND_CHOICES, type BackendChoice } from './backend';
import { nodeDataIO } from './node-io';
import { fileProbeCache, machineKey } from './probe-cache-file';
import { trainToRunFolder } from './run-training';
import type { SweepTrainRequest } from './sweep';

const num = (v: number | null) => (v === null ? '—' : v.toFixed(4));

function epochLine(m: EpochMetrics, epochs: number): string {
  return `    epoch ${m.epoch}/${epochs}  loss ${num(m.loss)}  acc ${num(m.acc)}  val_loss ${num(m.val_loss)}  val_acc ${num(m.val_acc)}  (${(m.durationMs / 1000).toFixed(1)} s)\n`;
}

export function isBackendChoice(name: string): name is BackendChoice {
  return (BACKEND_CHOICES as readonly string[]).includes(name);
}

/**
 * Trains a variant exactly as `layerloom train` does (trainToRunFolder: graph, metrics, model,
 * summary in the run folder), printing one line per epoch under the sweep's progress bar.
 */
export async function trainVariant(req: SweepTrainRequest): Promise<RunOutcome> {
  let epochs = 0;
  // As `layerloom train`: auto unless told, its probe results kept beside the run folders (the sweep folder).
  const backend = req.backend !== null && isBackendChoice(req.backend) ? req.backend : 'auto';
  const { summary } = await trainToRunFolder({
    probeCache: fileProbeCache(path.join(path.dirname(req.runDir), 'backend-probe.json')),
    machineKey: machineKey(),
    ...(req.variant && {
      sweep: {
        sweepId: path.basename(path.dirname(path.resolve(req.runDir))),
        variant: { id: req.variant.id, seed: req.variant.seed, repeat: req.variant.repeat },
      },
    }),
    doc: req.doc,
    weights: req.weights,
    runDir: req.runDir,
    io: nodeDataIO(req.projectDir, undefined, undefined, {
      allowDataOutside: req.allowDataOutside,
      warn: req.warn,
    }),
    backend,
    shouldStop: req.shouldStop,
    onStart: (info) => {
      epochs = info.epochs;
      req.io.out(
        `    ${info.trainCount} samples, batch ${info.batchSize}, ${info.epochs} epoch${info.epochs === 1 ? '' : 's'} on ${info.backend}\n`,
      );
    },
    onEpoch: (m) => req.io.out(epochLine(m, epochs)),
  });
  return {
    runStatus: summary.status,
    final: { ...summary.final },
    durationMs: summary.durationMs,
    ...(summary.status === 'failed' && summary.message ? { error: summary.message } : {}),
  };
}
