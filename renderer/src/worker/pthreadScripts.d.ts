/** Provided by renderer/vite.config.ts: same-origin URLs of tfjs-wasm's pthread helper scripts. */
declare module 'virtual:tfjs-pthread-scripts' {
  /** The helper worker's own script (tfjs ships it only as a string). */
  export const workerUrl: string;
  /** The threaded build's untouched Emscripten glue, which each helper `importScripts()`. */
  export const glueUrl: string;
}
