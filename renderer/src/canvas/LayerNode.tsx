import { Fragment, memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { isFrozen, specOf, keyParams } from '../core/catalogue';
import { formatCount } from '../store/format';
import type { LayerFlowNode } from './flowModel';
import { nodeDecorations } from '../shell/registry';

function LayerNodeView({ data, selected }: NodeProps<LayerFlowNode>) {
  const { node, outputShape, paramCount, problems, ports } = data;
  const spec = specOf(node.type);
  const worst = problems.some((p) => p.severity === 'error')
    ? 'error'
    : problems.some((p) => p.severity === 'warning')
      ? 'warning'
      : null;
  const params = keyParams(node);
  const decorations = nodeDecorations.use();
  return (
    <div
      className={`layer-node cat-${spec.category}${selected ? ' selected' : ''}${worst ? ` has-${worst}` : ''}${isFrozen(node) ? ' frozen' : ''}`}
      title={isFrozen(node) ? 'Frozen: its weights are not trained' : undefined}
      data-testid={`node.${node.id}`}
      style={{
        ['--cat' as string]: `var(--cat-${spec.category})`,
        minHeight: ports.length > 2 ? ports.length * 18 + 20 : undefined,
      }}
    >
      {spec.inputs.max > 0 &&
        (spec.inputs.ordered ? (
          ports.map((port, i) => (
            <Handle
              key={port}
              type="target"
              id={port}
              position={Position.Left}
              style={{ top: `${((i + 1) / (ports.length + 1)) * 100}%` }}
              className="port ordered"
              data-testid={`port.${node.id}.${port}`}
              title={`input ${i + 1}`}
            />
          ))
        ) : (
          <Handle
            type="target"
            position={Position.Left}
            className="port"
            data-testid={`port.${node.id}.in`}
          />
        ))}
      <div className="layer-head">
        <span className="layer-type">{node.type}</span>
        <span className="layer-id">{node.label ?? node.id}</span>
        {worst && (
          <span
            className={`layer-mark ${worst}`}
            data-testid={`node.${node.id}.mark`}
            title={problems.map((p) => p.message).join('\n')}
            aria-label={`${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.map((p) => p.message).join(' ')}`}
          >
            {worst === 'error' ? '✕' : '!'}
          </span>
        )}
      </div>
      {params.length > 0 && (
        <div className="layer-params">
          {params.map(([k, v]) => (
            <span key={k}>
              <span className="k">{k}</span> {v}
            </span>
          ))}
        </div>
      )}
      <div className="layer-foot">
        <span className="shape" data-testid={`node.${node.id}.shape`}>
          {outputShape ?? '—'}
        </span>
        {paramCount !== null && paramCount > 0 && (
          <span className="count" data-testid={`node.${node.id}.params`}>
            {formatCount(paramCount, true)} params
          </span>
        )}
      </div>
      {decorations.map((d) => (
        <Fragment key={d.id}>{d.render(node.id)}</Fragment>
      ))}
      {problems.length > 0 && (
        <div className="layer-tip" role="tooltip">
          {problems.map((p, i) => (
            <div key={i} className={p.severity}>
              {p.message}
            </div>
          ))}
        </div>
      )}
      {spec.hasOutput && (
        <Handle
          type="source"
          position={Position.Right}
          className="port"
          data-testid={`port.${node.id}.out`}
        />
      )}
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);
