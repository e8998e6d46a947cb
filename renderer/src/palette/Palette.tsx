import { useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { NodeKindSpec } from '../../../graph-core/src/catalogue';
import type { NodeType } from '../../../graph-core/src/document';
import { ALL_SPECS, CATEGORIES, LAYER_GROUPS } from '../core/catalogue';

export const DRAG_MIME = 'application/x-layerloom-node';

export function filterSpecs(query: string) {
  const q = query.trim().toLowerCase();
  if (!q) return ALL_SPECS;
  return ALL_SPECS.filter(
    (s) =>
      s.type.toLowerCase().includes(q) ||
      s.summary.toLowerCase().includes(q) ||
      s.category.toLowerCase().includes(q) ||
      (s.group?.toLowerCase().includes(q) ?? false),
  );
}

/** A category's items in palette order: the Layers kinds in their sub-groups, the others as one list. */
export function paletteGroups(
  items: readonly NodeKindSpec[],
): { group: string | null; items: NodeKindSpec[] }[] {
  if (!items.some((s) => s.group)) return [{ group: null, items: [...items] }];
  return LAYER_GROUPS.map((group) => ({ group, items: items.filter((s) => s.group === group) })).filter(
    (g) => g.items.length > 0,
  );
}

interface PaletteProps {
  /** Adds a node of this type at the centre of the view (keyboard users: Enter on an item). */
  onAdd(type: NodeType): void;
}

export function Palette({ onAdd }: PaletteProps) {
  const [query, setQuery] = useState('');
  const specs = useMemo(() => filterSpecs(query), [query]);

  function onDragStart(event: DragEvent, type: NodeType) {
    event.dataTransfer.setData(DRAG_MIME, type);
    event.dataTransfer.setData('text/plain', type);
    event.dataTransfer.effectAllowed = 'copy';
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // The first item as drawn: categories in order, Layers by sub-group.
    const first = CATEGORIES.flatMap((c) =>
      paletteGroups(specs.filter((s) => s.category === c)).flatMap((g) => g.items),
    )[0];
    if (event.key === 'Enter' && first) onAdd(first.type);
  }

  return (
    <aside className="palette" aria-label="Node palette">
      <input
        type="search"
        placeholder="Search nodes…"
        aria-label="Search nodes"
        data-testid="palette.search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="groups">
        {CATEGORIES.map((category) => {
          const items = specs.filter((s) => s.category === category);
          if (items.length === 0) return null;
          return (
            <section key={category} aria-label={category}>
              <h3>{category}</h3>
              {paletteGroups(items).map(({ group, items: kinds }) => (
                <div key={group ?? category} role="group" aria-label={group ?? category}>
                  {group && <h4>{group}</h4>}
                  {kinds.map((spec) => (
                    <button
                      key={spec.type}
                      type="button"
                      className="palette-item"
                      draggable
                      data-testid={`palette.${spec.type}`}
                      title={`${spec.summary}\nDrag onto the canvas, or press Enter to add.`}
                      onDragStart={(e) => onDragStart(e, spec.type)}
                      onClick={(e) => {
                        if (e.detail === 0) onAdd(spec.type);
                      }}
                      onDoubleClick={() => onAdd(spec.type)}
                    >
                      <span className="swatch" style={{ background: `var(--cat-${spec.category})` }} />
                      {spec.type}
                    </button>
                  ))}
                </div>
              ))}
            </section>
          );
        })}
        {specs.length === 0 && <p className="empty">No node matches “{query}”.</p>}
      </div>
    </aside>
  );
}
