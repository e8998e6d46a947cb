import { useCallback, useState } from 'react';

const KEY = 'layerloom.dockHeight';
export const DOCK_MIN = 120;

/** Keeps the canvas at least this tall whatever the dock asks for. */
const CANVAS_MIN = 200;

export function clampDockHeight(height: number, viewport: number): number {
  const max = Math.max(DOCK_MIN, viewport - CANVAS_MIN);
  return Math.round(Math.min(max, Math.max(DOCK_MIN, height)));
}

function initialHeight(): number {
  const saved = Number(globalThis.localStorage?.getItem(KEY));
  const viewport = globalThis.innerHeight || 800;
  // Charts and tables need room: a third of the window by default, never less than the old fixed 190 px.
  return clampDockHeight(
    Number.isFinite(saved) && saved > 0 ? saved : Math.max(190, viewport * 0.34),
    viewport,
  );
}

/** The dock's height is a view preference: kept in localStorage, never in the project or its history. */
export function useDockHeight(): [number, (h: number) => void] {
  const [height, setHeightState] = useState(initialHeight);
  const setHeight = useCallback((h: number) => {
    const next = clampDockHeight(h, globalThis.innerHeight || 800);
    setHeightState(next);
    try {
      globalThis.localStorage?.setItem(KEY, String(next));
    } catch {
      // Storage can be full or disabled; the height then lasts for this session only.
    }
  }, []);
  return [height, setHeight];
}
