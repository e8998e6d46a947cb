import { memoryEstimate } from '../core/analysis';
import { formatBytes, formatCount } from '../store/format';
import { useEditor } from '../store/useEditor';
import { statusItems } from './registry';

export function StatusBar() {
  const doc = useEditor((s) => s.doc);
  const analysis = useEditor((s) => s.analysis);
  const analysisMs = useEditor((s) => s.analysisMs);
  const items = statusItems.use();
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = analysis.diagnostics.filter((d) => d.severity === 'warning').length;
  const memory = memoryEstimate(doc, analysis);
  return (
    <footer className="statusbar" aria-label="Status">
      <span data-testid="status.params">{formatCount(analysis.totalParams)} params</span>
      {analysis.nonTrainableParams > 0 && (
        <span
          data-testid="status.nonTrainable"
          title="Parameters training leaves as they are: frozen layers and BatchNormalization's moving statistics"
        >
          {formatCount(analysis.nonTrainableParams)} non-trainable
        </span>
      )}
      <span
        data-testid="status.memory"
        title="Weights, gradients, optimizer state and activations for one batch"
      >
        ≈ {formatBytes(memory.bytes)} at batch {memory.batchSize}
      </span>
      <span data-testid="status.problems">
        <span className={errors ? 'errors' : ''}>
          {errors} error{errors === 1 ? '' : 's'}
        </span>
        ,{' '}
        <span className={warnings ? 'warnings' : ''}>
          {warnings} warning{warnings === 1 ? '' : 's'}
        </span>
      </span>
      <span className="spacer" />
      {items.map((i) => (
        <span key={i.id}>{i.render()}</span>
      ))}
      <span title="graph-core analysis time for the last edit">checked in {analysisMs.toFixed(1)} ms</span>
    </footer>
  );
}
