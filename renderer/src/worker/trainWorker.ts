/// <reference lib="webworker" />
/**
 * The training worker's entry: one run per worker (the page starts a fresh worker per run, so a
 * lost GPU context or leaked GPU memory never outlives its run), plus predictions for the Predict
 * panel on the same protocol.
 */
import { Control } from './control';
import { workerHost, type WorkerHost } from './hostRoute';
import { predict } from './predict';
import { assertNever, type MainToWorker, type WorkerToMain } from './protocol';
import { runJob } from './runJob';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: WorkerToMain) => self.postMessage(message);
const control = new Control();
let route: WorkerHost | null = null;

self.onmessage = (event: MessageEvent<MainToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'start':
      route = workerHost(message.host, post);
      void runJob(message, route.host, control, post);
      return;
    case 'stop':
      control.stopRequested = true;
      control.paused = false;
      return;
    case 'pause':
      control.paused = true;
      post({ type: 'phase', phase: 'paused' });
      return;
    case 'resume':
      control.paused = false;
      post({ type: 'phase', phase: 'training' });
      return;
    case 'debugLoseContext':
      control.loseContext();
      return;
    case 'predict':
      route ??= workerHost(message.host, post);
      void predict(message, route.host).then(post);
      return;
    case 'hostReply':
      route?.settle(message.id, message.envelope);
      return;
    default:
      assertNever(message);
  }
};
