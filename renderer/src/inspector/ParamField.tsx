import { useEffect, useId, useState } from 'react';
import {
  describeParamDefault,
  paramFromText,
  paramToText,
  type ParamSpec,
} from '../../../graph-core/src/catalogue';
import type { GraphNode, JsonValue } from '../../../graph-core/src/document';
import { paramProblem } from '../core/catalogue';
import { paramAdornments } from '../shell/registry';

interface ParamFieldProps {
  node: GraphNode;
  spec: ParamSpec;
  /** The value stored on the node (undefined: the default applies). */
  value: JsonValue | undefined;
  path: readonly string[];
  /** Diagnostics from the analysis that name this field. */
  problems: readonly string[];
  onCommit(value: JsonValue | undefined): void;
}

export function ParamField({ node, spec, value, path, problems, onCommit }: ParamFieldProps) {
  const id = useId();
  const testId = `inspector.${path.join('.')}`;
  const adornments = paramAdornments.use();
  const [text, setText] = useState(() => paramToText(spec, value));
  const [refusal, setRefusal] = useState<string | null>(null);

  useEffect(() => {
    setText(paramToText(spec, value));
    setRefusal(null);
  }, [spec, value]);

  function commitText(raw: string) {
    const parsed = paramFromText(spec, raw);
    if (!parsed.ok) return setRefusal(parsed.reason);
    if (parsed.value === undefined) {
      if (spec.default === null && !('optional' in spec && spec.optional)) {
        return setRefusal(`${spec.label} needs a value.`);
      }
      setRefusal(null);
      if (value !== undefined) onCommit(undefined);
      return;
    }
    const reason = paramProblem(spec, parsed.value);
    if (reason) return setRefusal(reason);
    setRefusal(null);
    if (JSON.stringify(parsed.value) !== JSON.stringify(value)) onCommit(parsed.value);
  }

  const unit = 'unit' in spec && spec.unit ? spec.unit : null;
  const messages = [refusal, ...problems].filter((m): m is string => m !== null);
  const describedBy = `${id}-help`;

  let control;
  switch (spec.kind) {
    case 'object': {
      const current = (value ?? spec.default ?? {}) as Record<string, JsonValue>;
      const enabled = value !== undefined && value !== null;
      return (
        <fieldset className="param object" data-testid={testId}>
          <legend title={spec.doc}>
            {spec.optional ? (
              <label>
                <input
                  type="checkbox"
                  checked={enabled}
                  data-testid={`${testId}.enabled`}
                  onChange={(e) =>
                    onCommit(e.target.checked ? (spec.default ?? defaultsOf(spec.fields)) : undefined)
                  }
                />{' '}
                {spec.label}
              </label>
            ) : (
              spec.label
            )}
          </legend>
          {(enabled || !spec.optional) &&
            spec.fields.map((f) => (
              <ParamField
                key={f.name}
                node={node}
                spec={f}
                value={current[f.name]}
                path={[...path, f.name]}
                problems={[]}
                onCommit={(v) => {
                  const next = { ...current };
                  if (v === undefined) delete next[f.name];
                  else next[f.name] = v;
                  onCommit(next);
                }}
              />
            ))}
        </fieldset>
      );
    }
    case 'enum':
      control = (
        <select
          id={id}
          data-testid={testId}
          aria-describedby={describedBy}
          value={typeof value === 'string' ? value : spec.default}
          onChange={(e) => onCommit(e.target.value)}
        >
          {spec.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
      break;
    case 'bool':
      control = (
        <input
          id={id}
          type="checkbox"
          data-testid={testId}
          aria-describedby={describedBy}
          checked={typeof value === 'boolean' ? value : spec.default}
          onChange={(e) => onCommit(e.target.checked)}
        />
      );
      break;
    default:
      control =
        spec.kind === 'int' && spec.oneOf ? (
          <select
            id={id}
            data-testid={testId}
            value={String(value ?? spec.default ?? '')}
            onChange={(e) => onCommit(Number(e.target.value))}
          >
            {spec.oneOf.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={id}
            data-testid={testId}
            type="text"
            inputMode={spec.kind === 'int' || spec.kind === 'float' ? 'decimal' : undefined}
            aria-invalid={refusal ? true : undefined}
            aria-describedby={describedBy}
            placeholder={spec.default === null ? 'auto' : paramToText(spec, spec.default as JsonValue)}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onBlur={(e) => commitText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commitText(e.currentTarget.value);
              if (e.key === 'Escape') {
                setText(paramToText(spec, value));
                setRefusal(null);
              }
            }}
          />
        );
  }

  return (
    <div className={`param${messages.length ? ' invalid' : ''}`}>
      <div className="param-row">
        <label htmlFor={id} title={spec.doc}>
          {spec.label}
        </label>
        <div className="param-control">
          {control}
          {unit && <span className="unit">{unit}</span>}
          {adornments.map((a) => (
            <span key={a.id}>{a.render(node, spec, path)}</span>
          ))}
        </div>
      </div>
      <div id={describedBy} className="param-help">
        {messages.map((m, i) => (
          <div
            key={i}
            className="param-error"
            role={i === 0 && refusal ? 'alert' : undefined}
            data-testid={`${testId}.error`}
          >
            {m}
          </div>
        ))}
        <span className="param-default">{describeParamDefault(spec)}</span>
      </div>
    </div>
  );
}

function defaultsOf(fields: readonly ParamSpec[]): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const f of fields) if (f.default !== null) out[f.name] = f.default as JsonValue;
  return out;
}
