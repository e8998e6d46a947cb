import type { ComparisonTable } from '../../../../graph-core/src/experiments';

/** The final-metrics table; the best value of each metric column is highlighted. */
export function ResultsTable({ table, testId = 'compare' }: { table: ComparisonTable; testId?: string }) {
  return (
    <table className="compare-table" data-testid={`${testId}.table`}>
      <thead>
        <tr>
          {table.columns.map((c) => (
            <th key={c.key} className={c.kind === 'metric' || c.kind === 'rank' ? 'num' : undefined}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((r) => (
          <tr key={r.id} data-testid={`${testId}.row.${r.id}`}>
            {r.cells.map((cell, i) => {
              const col = table.columns[i];
              const cls = [
                col?.kind === 'metric' || col?.kind === 'rank' ? 'num' : '',
                cell.best ? 'best' : '',
              ]
                .join(' ')
                .trim();
              return (
                <td
                  key={col?.key ?? i}
                  className={cls || undefined}
                  data-best={cell.best || undefined}
                  data-col={col?.key}
                >
                  {cell.text}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
