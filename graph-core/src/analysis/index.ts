export * from './types';
export { analyzeGraph } from './analyze';
export {
  canConnect,
  nextFreeHandle,
  portHandles,
  type ConnectionRequest,
  type ConnectionVerdict,
} from './connect';
export { estimateMemoryBytes } from './memory';
export { forwardFlops, type FlopsEstimate } from './flops';
export { DEFAULT_MAX_ACTIVATION_BYTES, MAX_MODEL_DEPTH } from './limits';
export { makeChainGraph } from './generate';
export { nodeName, showShape } from './names';
export { roleOf, type Role } from './roles';
