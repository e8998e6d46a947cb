/**
 * The single self-contained offline page: the model (topology + base64 weights) and a tfjs-free
 * predictor inlined, a canvas to draw on and a drop zone. Nothing is fetched.
 */
import { bytesToBase64 } from '../../../../host/src/contract';
import { runChain, type RuntimeLayer } from './predictorRuntime';

export const OFFLINE_LAYERS = [
  'InputLayer',
  'Dropout',
  'Flatten',
  'Reshape',
  'Activation',
  'ReLU',
  'Softmax',
  'Dense',
  'Conv2D',
  'MaxPooling2D',
  'AveragePooling2D',
];

interface TopologyLayer {
  class_name: string;
  name?: string;
  config: Record<string, unknown>;
}

export interface ModelParts {
  modelTopology: Record<string, unknown>;
  weightSpecs: { name: string; shape: number[]; dtype: string }[];
  weightData: Uint8Array;
}

/** Camel-cases tfjs' snake_case config keys (target_shape → targetShape). */
function camel(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  );
}

function topologyLayers(topology: Record<string, unknown>): TopologyLayer[] {
  const root = (topology['model_config'] ?? topology) as { config?: { layers?: TopologyLayer[] } };
  return root.config?.layers ?? [];
}

/** The chain the page runs, or the reason the model cannot be exported as a page. */
export function runtimeLayers(
  parts: ModelParts,
): { layers: RuntimeLayer[]; inputShape: number[] } | { error: string } {
  const layers = topologyLayers(parts.modelTopology);
  const unsupported = layers.find((l) => !OFFLINE_LAYERS.includes(l.class_name));
  if (unsupported)
    return {
      error: `"${unsupported.config['name'] ?? unsupported.name}" (${unsupported.class_name}) is not supported by the offline page`,
    };
  const input = layers.find((l) => l.class_name === 'InputLayer');
  const batchShape = (input?.config['batch_input_shape'] ?? input?.config['batchInputShape']) as
    (number | null)[] | undefined;
  if (!batchShape) return { error: 'the model has no input layer' };
  const buffer = parts.weightData.buffer.slice(
    parts.weightData.byteOffset,
    parts.weightData.byteOffset + parts.weightData.byteLength,
  ) as ArrayBuffer;
  const byName = new Map<string, { shape: number[]; values: Float32Array }>();
  let offset = 0;
  for (const spec of parts.weightSpecs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.dtype !== 'float32') return { error: `weight "${spec.name}" is ${spec.dtype}, not float32` };
    byName.set(spec.name, { shape: spec.shape, values: new Float32Array(buffer, offset, size) });
    offset += size * 4;
  }
  return {
    inputShape: batchShape.slice(1) as number[],
    layers: layers.map((l) => {
      const name = String(l.config['name'] ?? l.name);
      const weights = [...byName.entries()].filter(([k]) => k.startsWith(`${name}/`)).map(([, w]) => w);
      return { className: l.class_name, config: camel(l.config), weights };
    }),
  };
}

export function buildOfflinePage(
  title: string,
  parts: ModelParts,
  classNames: readonly string[],
): { html: string } | { error: string } {
  const chain = runtimeLayers(parts);
  if ('error' in chain) return chain;
  const model = {
    inputShape: chain.inputShape,
    classNames,
    layers: chain.layers.map((l) => ({
      className: l.className,
      config: l.config,
      weights: l.weights.map((w) => w.shape),
    })),
    weights: bytesToBase64(parts.weightData),
  };
  const esc = (s: string) => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const script = `
const MODEL = ${JSON.stringify(model).replace(/</g, '\\u003c')};
const runChain = ${runChain.toString()};
const raw = Uint8Array.from(atob(MODEL.weights), (c) => c.charCodeAt(0));
let off = 0;
const layers = MODEL.layers.map((l) => ({ className: l.className, config: l.config, weights: l.weights.map((shape) => {
  const n = shape.reduce((a, b) => a * b, 1); const v = new Float32Array(raw.buffer.slice(off, off + 4 * n)); off += 4 * n; return { shape, values: v }; }) }));
const [H, W, C] = MODEL.inputShape.length === 3 ? MODEL.inputShape : [MODEL.inputShape[0], 1, 1];
const pad = document.getElementById('pad'); const ctx = pad.getContext('2d');
function clearPad() { ctx.fillStyle = '#000'; ctx.fillRect(0, 0, pad.width, pad.height); }
function classify() {
  const small = document.createElement('canvas'); small.width = W; small.height = H;
  const s = small.getContext('2d'); s.drawImage(pad, 0, 0, W, H);
  const px = s.getImageData(0, 0, W, H).data; const x = new Float32Array(H * W * C);
  for (let i = 0; i < H * W; i++) for (let c = 0; c < C; c++) x[i * C + c] = (C === 3 ? px[4 * i + c] : (px[4 * i] + px[4 * i + 1] + px[4 * i + 2]) / 3) / 255;
  const p = runChain(layers, x, MODEL.inputShape);
  const rows = Array.from(p, (v, i) => [MODEL.classNames[i] ?? String(i), v]).sort((a, b) => b[1] - a[1]);
  document.getElementById('out').innerHTML = rows.map(([n, v]) => '<div><b>' + n + '</b> <span class=bar style="width:' + (v * 200) + 'px"></span> ' + (v * 100).toFixed(1) + '%</div>').join('');
}
let down = false;
pad.addEventListener('pointerdown', (e) => { down = true; draw(e); });
addEventListener('pointerup', () => { if (down) { down = false; classify(); } });
pad.addEventListener('pointermove', (e) => down && draw(e));
function draw(e) { const r = pad.getBoundingClientRect(); ctx.fillStyle = '#fff'; ctx.beginPath(); ctx.arc(e.clientX - r.left, e.clientY - r.top, 11, 0, 7); ctx.fill(); }
document.getElementById('clear').onclick = () => { clearPad(); document.getElementById('out').textContent = ''; };
pad.addEventListener('dragover', (e) => e.preventDefault());
pad.addEventListener('drop', (e) => { e.preventDefault(); const f = e.dataTransfer.files[0]; if (!f) return;
  const img = new Image(); img.onload = () => { clearPad(); ctx.drawImage(img, 0, 0, pad.width, pad.height); classify(); }; img.src = URL.createObjectURL(f); });
clearPad();`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src blob: data:">
<style>body{font:14px system-ui;margin:20px}canvas{border:1px solid #888;touch-action:none}.bar{display:inline-block;height:10px;background:#3b82f6}</style>
</head><body><h1>${esc(title)}</h1><p>Draw a digit (white on black) or drop an image. Runs offline: no network, no libraries.</p>
<canvas id="pad" width="280" height="280"></canvas><div><button id="clear">Clear</button></div><div id="out"></div>
<script>${script}</script></body></html>
`;
  return { html };
}
