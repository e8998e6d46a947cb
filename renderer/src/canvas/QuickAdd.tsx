import { useEffect, useRef, useState } from 'react';
import type { NodeType } from '../../../graph-core/src/document';
import { filterSpecs } from '../palette/Palette';

interface QuickAddProps {
  at: { x: number; y: number };
  onPick(type: NodeType): void;
  onClose(): void;
}

/** Double-click on the canvas: type a few letters, Enter adds the highlighted kind there. */
export function QuickAdd({ at, onPick, onClose }: QuickAddProps) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const matches = filterSpecs(query).slice(0, 8);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => setActive(0), [query]);

  return (
    <div className="quick-add" style={{ left: at.x, top: at.y }} data-testid="quickadd">
      <input
        ref={input}
        aria-label="Add node by name"
        placeholder="Add node…"
        value={query}
        data-testid="quickadd.input"
        onChange={(e) => setQuery(e.target.value)}
        onBlur={() => setTimeout(onClose, 150)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, matches.length - 1));
          if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          const pick = matches[active];
          if (e.key === 'Enter' && pick) onPick(pick.type);
        }}
        role="combobox"
        aria-expanded="true"
        aria-controls="quick-add-list"
      />
      <ul id="quick-add-list" role="listbox">
        {matches.map((s, i) => (
          <li
            key={s.type}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => {
              e.preventDefault();
              onPick(s.type);
            }}
          >
            <span className="swatch" style={{ background: `var(--cat-${s.category})` }} />
            <b>{s.type}</b> <span className="dim">{s.category}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
