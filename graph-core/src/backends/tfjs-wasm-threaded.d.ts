// tfjs-backend-wasm ships its pthread worker's source as a CommonJS string module without types.
declare module '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js' {
  export const wasmWorkerContents: string;
}
