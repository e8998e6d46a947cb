// How runs name their wasm threads, in the app's renderer text and in every run summary's
// backendReason (CLI and app alike).

/** "2 threads": how many XNNPACK threads train. */
export function threadCount(threads: number): string {
  return `${threads} thread${threads === 1 ? '' : 's'}`;
}

/** The thread count, and why not more when the threaded start was refused. */
export function describeWasmThreads(threads: number, failure: string | null): string {
  return failure === null ? threadCount(threads) : `${threadCount(threads)} (${failure})`;
}
