import { runColour } from './curves';

/**
 * One PNG of every chart in `root` (uPlot draws into canvases) with a title and a legend of the runs,
 * so the image makes sense outside the app.
 */
export async function chartsToPng(
  root: HTMLElement,
  title: string,
  runLabels: readonly string[],
): Promise<Uint8Array> {
  const canvases = [...root.querySelectorAll<HTMLCanvasElement>('.compare-chart canvas')];
  const ratio = window.devicePixelRatio || 1;
  const pad = 12 * ratio;
  const line = 18 * ratio;
  const width = Math.max(400 * ratio, ...canvases.map((c) => c.width)) + 2 * pad;
  const legendRows = Math.ceil(runLabels.length / 2);
  const height = pad + line * (1 + legendRows) + canvases.reduce((h, c) => h + c.height + pad, 0) + pad;
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const g = out.getContext('2d');
  if (!g) throw new Error('no 2D canvas context for the PNG export');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#111111';
  g.font = `${14 * ratio}px sans-serif`;
  g.fillText(title, pad, pad + 12 * ratio);
  g.font = `${12 * ratio}px sans-serif`;
  runLabels.forEach((label, i) => {
    const x = pad + (i % 2) * (width / 2);
    const y = pad + line * (1 + Math.floor(i / 2)) + 10 * ratio;
    g.fillStyle = runColour(i);
    g.fillRect(x, y - 8 * ratio, 14 * ratio, 3 * ratio);
    g.fillStyle = '#111111';
    g.fillText(label, x + 20 * ratio, y);
  });
  let y = pad + line * (1 + legendRows);
  for (const c of canvases) {
    g.drawImage(c, pad, y);
    y += c.height + pad;
  }
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not encode the PNG');
  return new Uint8Array(await blob.arrayBuffer());
}
