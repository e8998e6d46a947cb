import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export interface MenuEntry {
  key: string;
  label: ReactNode;
  onSelect(): void;
  testId?: string;
}

/**
 * A small drop-down: opens on click, closes on Escape, outside click or a choice. The list opens
 * under the button's left edge, or under its right edge when it would cross the window's right
 * side (the Export menu at the end of the top bar).
 */
export function Menu({
  label,
  entries,
  empty,
  testId,
}: {
  label: string;
  entries: readonly MenuEntry[];
  empty: string;
  testId: string;
}) {
  const [open, setOpen] = useState(false);
  const [alignEnd, setAlignEnd] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (!open) return setAlignEnd(false);
    const button = root.current?.getBoundingClientRect();
    const width = list.current?.offsetWidth ?? 0;
    if (button) setAlignEnd(button.left + width > document.documentElement.clientWidth);
  }, [open]);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);
  return (
    <div className="menu" ref={root} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid={testId}
        onClick={() => setOpen(!open)}
      >
        {label} ▾
      </button>
      {open && (
        <div ref={list} className={alignEnd ? 'menu-list end' : 'menu-list'} role="menu">
          {entries.length === 0 && <div className="empty">{empty}</div>}
          {entries.map((e) => (
            <button
              key={e.key}
              type="button"
              role="menuitem"
              data-testid={e.testId}
              onClick={() => {
                setOpen(false);
                e.onSelect();
              }}
            >
              {e.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
