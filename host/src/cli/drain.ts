/** A stream the CLI writes to: process.stdout / process.stderr, or a test's stand-in. */
export interface DrainableStream {
  write(chunk: string, callback: (error?: Error | null) => void): boolean;
  writableLength?: number;
}

/**
 * Resolves once everything written to `stream` so far has been handed to the operating system.
 * On a pipe Node writes stdout and stderr asynchronously, so `process.exit()` right after the last
 * `write` cuts the output (at 64 KiB, the pipe's buffer). An empty write is queued behind the
 * pending ones; its callback runs when they are done. A closed pipe (EPIPE) counts as drained.
 */
export function drained(stream: DrainableStream, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs); // a reader that never reads must not hang us forever
    timer.unref?.();
    try {
      stream.write('', () => {
        clearTimeout(timer);
        resolve();
      });
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

/** Exits with `code` after stdout and stderr have drained (tfjs can keep handles open, so exit we must). */
export async function exitAfterDrain(code: number): Promise<never> {
  process.exitCode = code;
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}
