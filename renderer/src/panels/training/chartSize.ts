import type uPlot from 'uplot';

/** Plot height used when the box has no height of its own (e.g. a panel that scrolls). */
const FALLBACK_HEIGHT = 170;
const MIN_PLOT_HEIGHT = 110;

/**
 * The plot size that fills `box`: its width, and its height less the chart's title and legend,
 * so a taller dock gives taller charts instead of empty space below them.
 */
export function plotSizeFor(
  box: HTMLElement,
  chart: uPlot | null,
  minWidth: number,
): { width: number; height: number } {
  const width = Math.max(minWidth, box.clientWidth);
  if (!chart || box.clientHeight === 0) return { width, height: FALLBACK_HEIGHT };
  const chrome = chart.root.offsetHeight - chart.height;
  return { width, height: Math.max(MIN_PLOT_HEIGHT, box.clientHeight - chrome) };
}

/** Keeps a uPlot chart filling its box as the box is resized. Returns a function that stops it. */
export function fitChartToBox(box: HTMLElement, chart: uPlot, minWidth: number): () => void {
  let last = '';
  const fit = () => {
    const size = plotSizeFor(box, chart, minWidth);
    const key = `${size.width}x${size.height}`;
    // Setting the same size again would trigger the observer once more for nothing.
    if (key === last) return;
    last = key;
    chart.setSize(size);
  };
  fit();
  const observer = new ResizeObserver(fit);
  observer.observe(box);
  return () => observer.disconnect();
}
