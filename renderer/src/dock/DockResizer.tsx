import type { KeyboardEvent, PointerEvent } from 'react';

/** The grip above the dock's tabs: drag it, or focus it and use the arrow keys. */
export function DockResizer({ height, onResize }: { height: number; onResize: (h: number) => void }) {
  function onPointerDown(e: PointerEvent<HTMLDivElement>) {
    const startY = e.clientY;
    const startHeight = height;
    const target = e.currentTarget;
    target.setPointerCapture(e.pointerId);
    const move = (ev: globalThis.PointerEvent) => onResize(startHeight + (startY - ev.clientY));
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  }
  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const step = e.shiftKey ? 80 : 20;
    if (e.key === 'ArrowUp') onResize(height + step);
    else if (e.key === 'ArrowDown') onResize(height - step);
    else return;
    e.preventDefault();
  }
  return (
    <div
      className="dock-resizer"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize panels"
      aria-valuenow={height}
      tabIndex={0}
      data-testid="dock.resize"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
