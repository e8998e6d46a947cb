/** Refuses, before training, a model whose tensors cannot fit in one WebGL texture. Pure. */

export interface TensorNeed {
  nodeId: string;
  /** What the tensor is, in words: `weights "kernel"`, `output at batch 64`. */
  what: string;
  shape: readonly number[];
}

export interface TextureProblem {
  nodeId: string;
  message: string;
}

/**
 * tfjs lays a tensor out as a 2-D texture of at most maxTextureSize × maxTextureSize texels; the
 * packed layout puts 4 values in a texel, so a tensor with more values than 4·max² cannot be held.
 */
export function textureProblem(needs: readonly TensorNeed[], maxTextureSize: number): TextureProblem | null {
  const capacity = 4 * maxTextureSize * maxTextureSize;
  let worst: { need: TensorNeed; size: number } | null = null;
  for (const need of needs) {
    const size = need.shape.reduce((a, b) => a * b, 1);
    if (size > capacity && (!worst || size > worst.size)) worst = { need, size };
  }
  if (!worst) return null;
  const { need, size } = worst;
  return {
    nodeId: need.nodeId,
    message:
      `"${need.nodeId}": its ${need.what} [${need.shape.join(', ')}] hold ${size.toLocaleString('en-US')} values, ` +
      `but this GPU's largest texture (${maxTextureSize}×${maxTextureSize}, 4 values per texel) holds ` +
      `${capacity.toLocaleString('en-US')}. Make the layer or the batch smaller, or train on wasm or cpu.`,
  };
}
