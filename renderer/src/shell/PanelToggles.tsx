/** The tabs at the canvas' left and right edges that collapse and restore the palette and inspector. */
export function PanelToggles({
  palette,
  inspector,
  onPalette,
  onInspector,
}: {
  palette: boolean;
  inspector: boolean;
  onPalette: (open: boolean) => void;
  onInspector: (open: boolean) => void;
}) {
  return (
    <>
      <button
        type="button"
        className="panel-toggle left"
        data-testid="view.palette"
        aria-pressed={palette}
        aria-label={palette ? 'Hide the node palette' : 'Show the node palette'}
        title={palette ? 'Hide the node palette' : 'Show the node palette'}
        onClick={() => onPalette(!palette)}
      >
        {palette ? '‹' : '›'}
      </button>
      <button
        type="button"
        className="panel-toggle right"
        data-testid="view.inspector"
        aria-pressed={inspector}
        aria-label={inspector ? 'Hide the inspector' : 'Show the inspector'}
        title={inspector ? 'Hide the inspector' : 'Show the inspector'}
        onClick={() => onInspector(!inspector)}
      >
        {inspector ? '›' : '‹'}
      </button>
    </>
  );
}
