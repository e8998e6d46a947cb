import { useEffect, useState } from 'react';
import { dockTabs, onOpenDockTab } from '../shell/registry';
import { useEditor } from '../store/useEditor';
import { DockResizer } from './DockResizer';
import { useDockHeight } from './useDockHeight';
import { usePanelOpen } from '../shell/panelPrefs';

/** The bottom dock: Problems plus whatever tabs other parts register (Training, Runs, Data …). */
export function Dock() {
  const tabs = dockTabs.use();
  // Badges (e.g. the problem count) follow the analysis.
  useEditor((s) => s.analysis);
  const [active, setActive] = useState<string>('problems');
  const [open, setOpen] = usePanelOpen('dock');
  const [height, setHeight] = useDockHeight();
  useEffect(
    () =>
      onOpenDockTab((id) => {
        setActive(id);
        setOpen(true);
      }),
    [],
  );
  const current = tabs.find((t) => t.id === active) ?? tabs[0];

  return (
    <section
      className={`dock${open ? ' open' : ''}`}
      aria-label="Panels"
      style={open ? { height } : undefined}
    >
      {open && <DockResizer height={height} onResize={setHeight} />}
      <div className="dock-tabs" role="tablist">
        {tabs.map((t) => {
          const badge = t.badge?.();
          return (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`dock-tab-${t.id}`}
              aria-selected={open && current?.id === t.id}
              aria-controls="dock-body"
              data-testid={`dock.${t.id}`}
              onClick={() => {
                if (open && current?.id === t.id) setOpen(false);
                else {
                  setActive(t.id);
                  setOpen(true);
                }
              }}
            >
              {t.title}
              {badge !== undefined && badge !== null && <span className="badge">{badge}</span>}
            </button>
          );
        })}
        <span style={{ flex: 1 }} />
        <button
          type="button"
          role="tab"
          aria-selected={false}
          aria-label={open ? 'Collapse panels' : 'Expand panels'}
          data-testid="dock.toggle"
          onClick={() => setOpen(!open)}
        >
          {open ? '▾' : '▴'}
        </button>
      </div>
      {open && current && (
        <div className="dock-body" id="dock-body" role="tabpanel" aria-labelledby={`dock-tab-${current.id}`}>
          {current.render()}
        </div>
      )}
    </section>
  );
}
