/**
 * A tfjs-free forward pass for chain models, embedded as source (`Function.prototype.toString`)
 * in the exported offline page, and called directly by the tests that compare it with tfjs.
 * It must stay self-contained: no imports, no outer variables.
 */
export interface RuntimeLayer {
  className: string;
  config: Record<string, unknown>;
  /** Weight arrays in the layer's order (kernel, bias). */
  weights: { shape: number[]; values: Float32Array }[];
}

export function runChain(layers: RuntimeLayer[], input: Float32Array, inputShape: number[]): Float32Array {
  const act = (name: unknown, v: Float32Array): Float32Array => {
    const out = new Float32Array(v.length);
    switch (name ?? 'linear') {
      case 'linear':
        return v;
      case 'relu':
        for (let i = 0; i < v.length; i++) out[i] = Math.max(0, v[i]!);
        return out;
      case 'relu6':
        for (let i = 0; i < v.length; i++) out[i] = Math.min(6, Math.max(0, v[i]!));
        return out;
      case 'sigmoid':
        for (let i = 0; i < v.length; i++) out[i] = 1 / (1 + Math.exp(-v[i]!));
        return out;
      case 'tanh':
        for (let i = 0; i < v.length; i++) out[i] = Math.tanh(v[i]!);
        return out;
      case 'elu':
        for (let i = 0; i < v.length; i++) out[i] = v[i]! > 0 ? v[i]! : Math.exp(v[i]!) - 1;
        return out;
      case 'softplus':
        for (let i = 0; i < v.length; i++) out[i] = Math.log(1 + Math.exp(v[i]!));
        return out;
      case 'softmax': {
        let max = -Infinity;
        for (const x of v) max = Math.max(max, x);
        let sum = 0;
        for (let i = 0; i < v.length; i++) sum += out[i] = Math.exp(v[i]! - max);
        for (let i = 0; i < v.length; i++) out[i]! /= sum;
        return out;
      }
      default:
        throw new Error(`activation "${String(name)}" is not supported by the offline page`);
    }
  };
  const window2d = (size: number, k: number, s: number, pad: unknown) => {
    const out = pad === 'same' ? Math.ceil(size / s) : Math.floor((size - k) / s) + 1;
    const before = pad === 'same' ? Math.floor(Math.max((out - 1) * s + k - size, 0) / 2) : 0;
    return { out, before };
  };
  const pair = (v: unknown, fallback: number): [number, number] =>
    Array.isArray(v) ? [Number(v[0]), Number(v[1])] : typeof v === 'number' ? [v, v] : [fallback, fallback];
  let x = input;
  let shape = inputShape.slice();
  for (const layer of layers) {
    const c = layer.config;
    switch (layer.className) {
      case 'InputLayer':
      case 'Dropout':
        break;
      case 'Flatten':
        shape = [x.length];
        break;
      case 'Reshape':
        shape = (c['targetShape'] as number[]).slice();
        break;
      case 'Activation':
        x = act(c['activation'], x);
        break;
      case 'ReLU':
        x = act('relu', x);
        break;
      case 'Softmax':
        x = act('softmax', x);
        break;
      case 'Dense': {
        const [k, b] = layer.weights;
        const inDim = k!.shape[0]!;
        const units = k!.shape[1]!;
        const out = new Float32Array(units);
        for (let j = 0; j < units; j++) {
          let s = b ? b.values[j]! : 0;
          for (let i = 0; i < inDim; i++) s += x[i]! * k!.values[i * units + j]!;
          out[j] = s;
        }
        x = act(c['activation'], out);
        shape = [units];
        break;
      }
      case 'Conv2D': {
        const [k, b] = layer.weights;
        const [kh, kw, cin, cout] = k!.shape as [number, number, number, number];
        const [sh, sw] = pair(c['strides'], 1);
        const [h, w] = shape as [number, number, number];
        const rows = window2d(h, kh, sh, c['padding']);
        const cols = window2d(w, kw, sw, c['padding']);
        const out = new Float32Array(rows.out * cols.out * cout);
        for (let r = 0; r < rows.out; r++)
          for (let q = 0; q < cols.out; q++)
            for (let o = 0; o < cout; o++) {
              let s = b ? b.values[o]! : 0;
              for (let i = 0; i < kh; i++) {
                const y = r * sh + i - rows.before;
                if (y < 0 || y >= h) continue;
                for (let j = 0; j < kw; j++) {
                  const z = q * sw + j - cols.before;
                  if (z < 0 || z >= w) continue;
                  for (let ch = 0; ch < cin; ch++)
                    s += x[(y * w + z) * cin + ch]! * k!.values[((i * kw + j) * cin + ch) * cout + o]!;
                }
              }
              out[(r * cols.out + q) * cout + o] = s;
            }
        x = act(c['activation'], out);
        shape = [rows.out, cols.out, cout];
        break;
      }
      case 'MaxPooling2D':
      case 'AveragePooling2D': {
        const [ph, pw] = pair(c['poolSize'], 2);
        const [sh, sw] = pair(c['strides'] ?? c['poolSize'], 2);
        const [h, w, ch] = shape as [number, number, number];
        const rows = window2d(h, ph, sh, c['padding']);
        const cols = window2d(w, pw, sw, c['padding']);
        const isMax = layer.className === 'MaxPooling2D';
        const out = new Float32Array(rows.out * cols.out * ch);
        for (let r = 0; r < rows.out; r++)
          for (let q = 0; q < cols.out; q++)
            for (let o = 0; o < ch; o++) {
              let acc = isMax ? -Infinity : 0;
              let n = 0;
              for (let i = 0; i < ph; i++)
                for (let j = 0; j < pw; j++) {
                  const y = r * sh + i - rows.before;
                  const z = q * sw + j - cols.before;
                  if (y < 0 || y >= h || z < 0 || z >= w) continue;
                  const v = x[(y * w + z) * ch + o]!;
                  acc = isMax ? Math.max(acc, v) : acc + v;
                  n++;
                }
              out[(r * cols.out + q) * ch + o] = isMax ? acc : acc / Math.max(1, n);
            }
        x = out;
        shape = [rows.out, cols.out, ch];
        break;
      }
      default:
        throw new Error(`layer "${layer.className}" is not supported by the offline page`);
    }
  }
  return x;
}
