/**
 * Yielding to the event loop between batches lets a stop request (a worker message, SIGINT)
 * arrive mid-epoch. A MessageChannel round trip is a macrotask without setTimeout's 4 ms clamp.
 */
interface Port {
  onmessage: ((ev: unknown) => void) | null;
  postMessage(message: unknown): void;
  close(): void;
}
type Channel = new () => { port1: Port; port2: Port };
type Timer = (fn: () => void, ms: number) => unknown;

const g = globalThis as unknown as { MessageChannel?: Channel; setTimeout: Timer };

export interface Yielder {
  yield(): Promise<void>;
  close(): void;
}

export function createYielder(): Yielder {
  const Ctor = g.MessageChannel;
  if (!Ctor) return { yield: () => sleep(0), close: () => undefined };
  const channel = new Ctor();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return {
    yield: () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        channel.port2.postMessage(0);
      }),
    close: () => {
      channel.port1.onmessage = null;
      channel.port1.close();
      channel.port2.close();
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => g.setTimeout(resolve, ms));
}
