// The GPU bench sets up WebGPU in Node exactly as the CLI does (Dawn's binding, then
// tfjs-backend-webgpu); the code lives with the CLI.
export { setupNodeWebGPU, type NodeWebGPU, type WebGPUSetup } from '../host/src/cli/webgpu-node';
