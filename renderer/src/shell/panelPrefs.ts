import { useCallback, useState } from 'react';

/** Which side panel or dock is collapsed: a view preference in localStorage, never in a project. */
export type PanelId = 'palette' | 'inspector' | 'dock';

const key = (id: PanelId) => `layerloom.panel.${id}.open`;

export function readPanelOpen(
  id: PanelId,
  storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage,
): boolean {
  return storage?.getItem(key(id)) !== 'false';
}

export function usePanelOpen(id: PanelId): [boolean, (open: boolean) => void] {
  const [open, setOpenState] = useState(() => readPanelOpen(id));
  const setOpen = useCallback(
    (next: boolean) => {
      setOpenState(next);
      try {
        globalThis.localStorage?.setItem(key(id), String(next));
      } catch {
        // Storage full or disabled: the choice lasts for this session only.
      }
    },
    [id],
  );
  return [open, setOpen];
}
