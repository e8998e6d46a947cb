import { useEffect, useState } from 'react';
import { isParamShown, paramsOf, specOf } from '../core/catalogue';
import { useServices } from '../shell/context';
import { inspectorSections } from '../shell/registry';
import { useEditor, useEditorStore } from '../store/useEditor';
import { formatCount, formatShape } from '../store/format';
import { ParamField } from './ParamField';

export function Inspector() {
  const store = useEditorStore();
  const { actions } = useServices();
  const doc = useEditor((s) => s.doc);
  const selection = useEditor((s) => s.selection);
  const analysis = useEditor((s) => s.analysis);
  const sections = inspectorSections.use();
  const selectedIds = [...selection.nodes];
  const node = selectedIds.length === 1 ? doc.nodes.find((n) => n.id === selectedIds[0]) : undefined;

  if (!node) {
    return (
      <aside className="inspector" aria-label="Inspector" data-testid="inspector">
        {selectedIds.length > 1 ? (
          <p>{selectedIds.length} nodes selected.</p>
        ) : (
          <>
            <h2>Project</h2>
            <ProjectName name={doc.name} onRename={(name) => store.run('setProjectName', { name })} />
            <p className="hint">
              {doc.nodes.length} nodes, {doc.edges.length} wires. Select a node to edit its params. Drag nodes
              from the palette or double-click the canvas to add one by name.
            </p>
          </>
        )}
      </aside>
    );
  }

  const spec = specOf(node.type);
  const info = analysis.nodes[node.id];
  const resolved = paramsOf(node);
  const fieldProblems = (field: string) =>
    analysis.diagnostics.filter((d) => d.nodeId === node.id && d.field === field).map((d) => d.message);

  return (
    <aside className="inspector" aria-label="Inspector" data-testid="inspector">
      <header className="inspector-head" style={{ borderColor: `var(--cat-${spec.category})` }}>
        <div className="inspector-type">{node.type}</div>
        <div className="inspector-summary">{spec.summary}</div>
        {info?.outputShape && (
          <div className="inspector-stats">
            <span data-testid="inspector.outputShape">output {formatShape(info.outputShape)}</span>
            <span data-testid="inspector.params">
              {formatCount(info.params)} params
              {info.nonTrainableParams
                ? info.nonTrainableParams === info.params
                  ? ', all non-trainable'
                  : `, ${formatCount(info.nonTrainableParams)} non-trainable`
                : ''}
            </span>
          </div>
        )}
      </header>
      {doc.weights?.nodes.includes(node.id) && (
        <div className="inspector-imported" data-testid="inspector.importedWeights">
          <span>Starts from imported weights</span>
          <button
            type="button"
            data-testid="inspector.resetWeights"
            title="Forget the imported weights: this layer starts from a fresh initialisation (undoable)"
            onClick={() => store.run('resetWeights', { nodeIds: [node.id] })}
          >
            Reset to fresh weights
          </button>
        </div>
      )}
      {spec.category === 'Layers' && (
        <button
          type="button"
          className="inspector-freeze-above"
          data-testid="inspector.freezeAbove"
          title="Freeze every layer with weights that feeds this one (transfer learning: train only this node and what follows)"
          onClick={() => store.run('freezeAbove', { nodeId: node.id })}
        >
          Freeze everything above this node
        </button>
      )}
      <LabelField
        key={node.id}
        id={node.id}
        label={node.label ?? ''}
        onCommit={(label) => store.run('renameNode', { nodeId: node.id, label })}
      />
      {spec.params
        .filter((p) => isParamShown(p, resolved))
        .map((p) => (
          <ParamField
            key={`${node.id}.${p.name}`}
            node={node}
            spec={p}
            value={node.params[p.name]}
            path={[p.name]}
            problems={fieldProblems(p.name)}
            onCommit={(value) => actions.setParam(node.id, p.name, value)}
          />
        ))}
      {spec.params.length === 0 && <p className="hint">This node has no params.</p>}
      {sections.map((s) => (
        <div key={s.id}>{s.render(node)}</div>
      ))}
    </aside>
  );
}

function LabelField({ id, label, onCommit }: { id: string; label: string; onCommit(label: string): void }) {
  const [text, setText] = useState(label);
  useEffect(() => setText(label), [label]);
  return (
    <div className="param">
      <div className="param-row">
        <label htmlFor="inspector-label">Label</label>
        <div className="param-control">
          <input
            id="inspector-label"
            data-testid="inspector.label"
            placeholder={id}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onBlur={() => text !== label && onCommit(text)}
            onKeyDown={(e) => e.key === 'Enter' && text !== label && onCommit(text)}
          />
        </div>
      </div>
    </div>
  );
}

function ProjectName({ name, onRename }: { name: string; onRename(name: string): void }) {
  const [text, setText] = useState(name);
  useEffect(() => setText(name), [name]);
  const commit = () => {
    const t = text.trim();
    if (t && t !== name) onRename(t);
    else setText(name);
  };
  return (
    <div className="param">
      <div className="param-row">
        <label htmlFor="project-name">Name</label>
        <div className="param-control">
          <input
            id="project-name"
            data-testid="inspector.projectName"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => e.key === 'Enter' && commit()}
          />
        </div>
      </div>
    </div>
  );
}
