/**
 * Bilinear resizing of HWC images with half-pixel centres (as tf.image.resizeBilinear with
 * halfPixelCenters), plus channel conversion. Pure typed-array code so it runs in Node and workers.
 */
export function resizeBilinear(
  src: Float32Array | Uint8Array | Uint8ClampedArray,
  [h, w, c]: readonly [number, number, number],
  [outH, outW]: readonly [number, number],
  out = new Float32Array(outH * outW * c),
  outOffset = 0,
): Float32Array {
  const sy = h / outH;
  const sx = w / outW;
  for (let oy = 0; oy < outH; oy++) {
    const fy = Math.min(Math.max((oy + 0.5) * sy - 0.5, 0), h - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, h - 1);
    const ty = fy - y0;
    for (let ox = 0; ox < outW; ox++) {
      const fx = Math.min(Math.max((ox + 0.5) * sx - 0.5, 0), w - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, w - 1);
      const tx = fx - x0;
      const o = outOffset + (oy * outW + ox) * c;
      for (let k = 0; k < c; k++) {
        const a = src[(y0 * w + x0) * c + k] as number;
        const b = src[(y0 * w + x1) * c + k] as number;
        const d = src[(y1 * w + x0) * c + k] as number;
        const e = src[(y1 * w + x1) * c + k] as number;
        out[o + k] = (a + (b - a) * tx) * (1 - ty) + (d + (e - d) * tx) * ty;
      }
    }
  }
  return out;
}

/** Resizes every image of a flat batch; `count` images of [h, w, c] become [outH, outW, c]. */
export function resizeImages(
  x: Float32Array,
  count: number,
  shape: readonly [number, number, number],
  size: readonly [number, number],
): Float32Array {
  const [h, w, c] = shape;
  const inSize = h * w * c;
  const outSize = size[0] * size[1] * c;
  const out = new Float32Array(count * outSize);
  for (let i = 0; i < count; i++) {
    resizeBilinear(x.subarray(i * inSize, (i + 1) * inSize), shape, size, out, i * outSize);
  }
  return out;
}

/** Converts interleaved pixels between 1 (gray), 3 (RGB) and 4 (RGBA, alpha dropped) channels. */
export function convertChannels(
  src: ArrayLike<number>,
  pixels: number,
  from: 1 | 3 | 4,
  to: 1 | 3,
): Float32Array {
  const out = new Float32Array(pixels * to);
  for (let p = 0; p < pixels; p++) {
    const r = src[p * from] as number;
    const g = from === 1 ? r : (src[p * from + 1] as number);
    const b = from === 1 ? r : (src[p * from + 2] as number);
    if (to === 1) {
      // ITU-R BT.601 luma, the weights most image libraries use for grayscale.
      out[p] = 0.299 * r + 0.587 * g + 0.114 * b;
    } else {
      out[p * 3] = r;
      out[p * 3 + 1] = g;
      out[p * 3 + 2] = b;
    }
  }
  return out;
}
