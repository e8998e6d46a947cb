import { describe, expect, it } from 'vitest';
import { initialCsvForm, viewCsvForm } from './csvForm';

const TEXT = 'x;y;species\n1;2;a\n3;4;b\n5;6;a\n';

describe('CSV import form', () => {
  it('suggests the last column as the label and every other column as a feature', () => {
    const v = viewCsvForm(initialCsvForm('flowers.csv', TEXT));
    expect([v.labelColumn, v.featureColumns, v.table?.delimiter]).toEqual(['species', ['x', 'y'], ';']);
    expect(v.dataset?.name).toBe('flowers');
    expect(v.preview).toHaveLength(3);
  });

  it('drops the label from the features when the user picks a feature as label', () => {
    const v = viewCsvForm({ ...initialCsvForm('f.csv', TEXT), labelColumn: 'x', featureColumns: ['x', 'y'] });
    expect([v.labelColumn, v.featureColumns]).toEqual(['x', ['y']]);
  });

  it('shows errors by line instead of a dataset', () => {
    const v = viewCsvForm(initialCsvForm('f.csv', 'a,b\n1,2\n3\n'));
    expect(v.dataset).toBeNull();
    expect(v.errors[0]).toMatchObject({ line: 3 });
  });

  it('re-reads the table with the delimiter and header the user forces', () => {
    const v = viewCsvForm({ ...initialCsvForm('f.csv', TEXT), delimiter: ',', header: false });
    expect(v.table?.columns).toEqual(['column 1']);
  });
});
