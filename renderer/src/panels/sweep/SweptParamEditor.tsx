import { useEffect, useState } from 'react';
import type { ParamSpec } from '../../../../graph-core/src/catalogue';
import type { JsonValue } from '../../../../graph-core/src/document';
import {
  gridValues,
  isRange,
  paramKey,
  type SweepParam,
  type SweepRange,
} from '../../../../graph-core/src/experiments';
import { removeParam, setValues, toggleValue, type SweepDraft } from '../../sweep/draft';
import { checkRangeFor, listText, parseNumberList } from '../../sweep/numbers';

interface Props {
  param: SweepParam;
  spec: ParamSpec | undefined;
  draft: SweepDraft;
  onChange(draft: SweepDraft): void;
}

/** Edits the values one swept param takes: options as checkboxes, numbers as a list or a log/linear range. */
export function SweptParamEditor({ param, spec, draft, onChange }: Props) {
  const key = paramKey(param);
  const tid = `sweep.param.${key}`;
  const remove = (
    <button
      type="button"
      className="link"
      data-testid={`${tid}.remove`}
      onClick={() => onChange(removeParam(draft, param.nodeId, param.field))}
    >
      remove
    </button>
  );
  if (!spec) {
    return (
      <div className="swept-param" data-testid={tid}>
        <div className="swept-head">
          <code>{key}</code> is not a param of this node. {remove}
        </div>
      </div>
    );
  }
  const options: JsonValue[] | null =
    spec.kind === 'enum'
      ? [...spec.options]
      : spec.kind === 'bool'
        ? [false, true]
        : spec.kind === 'int' && spec.oneOf
          ? [...spec.oneOf]
          : null;
  const values = isRange(param.values) ? null : param.values;
  return (
    <div className="swept-param" data-testid={tid}>
      <div className="swept-head">
        <code>{key}</code> <span className="dim">∈ {gridValues(param.values).length} values</span> {remove}
      </div>
      {options ? (
        <div className="swept-options">
          {options.map((o) => (
            <label key={String(o)}>
              <input
                type="checkbox"
                data-testid={`${tid}.option.${String(o)}`}
                checked={values?.some((v) => v === o) ?? false}
                onChange={() => onChange(toggleValue(draft, key, o, options))}
              />
              {spec.kind === 'bool' ? (o ? 'on' : 'off') : String(o)}
            </label>
          ))}
        </div>
      ) : spec.kind === 'int' || spec.kind === 'float' ? (
        <NumberValues param={param} spec={spec} draft={draft} onChange={onChange} />
      ) : (
        <div className="dim">
          Sweeping {spec.kind} params: values {listText(values ?? [])} (edit the list in the project file).
        </div>
      )}
    </div>
  );
}

function NumberValues({ param, spec, draft, onChange }: Props & { spec: ParamSpec }) {
  const key = paramKey(param);
  const tid = `sweep.param.${key}`;
  const range = isRange(param.values) ? param.values : null;
  const [text, setText] = useState(() => (range ? '' : listText(param.values as JsonValue[])));
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!isRange(param.values)) setText(listText(param.values));
  }, [param.values]);
  const integer = spec.kind === 'int';
  function commitList(raw: string) {
    const parsed = parseNumberList(spec, raw);
    if (!parsed.ok) return setProblem(parsed.reason);
    setProblem(null);
    onChange(setValues(draft, key, parsed.value));
  }
  function commitRange(next: SweepRange) {
    const reason = checkRangeFor(spec, next);
    setProblem(reason);
    if (!reason) onChange(setValues(draft, key, next));
  }
  const current =
    range ??
    ({
      range: 'log',
      min: 1e-4,
      max: 1e-1,
      count: 5,
      ...(integer ? { integer: true } : {}),
    } satisfies SweepRange);
  return (
    <div className="swept-numbers">
      <select
        data-testid={`${tid}.kind`}
        value={range ? range.range : 'list'}
        onChange={(e) => {
          const kind = e.target.value;
          if (kind === 'list') commitList(text || listText(gridValues(param.values)));
          else commitRange({ ...current, range: kind as 'log' | 'linear' });
        }}
      >
        <option value="list">values</option>
        <option value="log">log range</option>
        <option value="linear">linear range</option>
      </select>
      {range ? (
        <span className="swept-range">
          {(['min', 'max', 'count'] as const).map((k) => (
            <label key={k}>
              {k}
              <input
                data-testid={`${tid}.${k}`}
                defaultValue={String(range[k])}
                size={6}
                onBlur={(e) => commitRange({ ...range, [k]: Number(e.target.value) })}
                onKeyDown={(e) =>
                  e.key === 'Enter' && commitRange({ ...range, [k]: Number(e.currentTarget.value) })
                }
              />
            </label>
          ))}
          <span className="dim">{listText(gridValues(range))}</span>
        </span>
      ) : (
        <input
          data-testid={`${tid}.values`}
          value={text}
          placeholder="e.g. 32, 128"
          onChange={(e) => setText(e.target.value)}
          onBlur={(e) => commitList(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && commitList(e.currentTarget.value)}
        />
      )}
      {problem && (
        <div className="param-error" role="alert" data-testid={`${tid}.error`}>
          {problem}
        </div>
      )}
    </div>
  );
}
