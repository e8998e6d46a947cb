/**
 * The page's first 2D canvas costs a one-time setup (canvas backend, glyph rasterising) of 70 ms
 * and more on slow machines. Training's charts would pay it inside the Train click; paying it
 * while the page is idle keeps that interaction short.
 */
export function warmCanvasWhenIdle(): void {
  const warm = () => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 32;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillText('0123456789 loss', 2, 20);
    ctx.fillRect(0, 0, 1, 1);
  };
  // Soon, not "some time in 3 s": a user who opens a template and presses Train right away would
  // otherwise pay the setup inside the click (a 120 ms task seen once in CI's training journey).
  if (typeof requestIdleCallback === 'function') requestIdleCallback(warm, { timeout: 300 });
  else setTimeout(warm, 500);
}
