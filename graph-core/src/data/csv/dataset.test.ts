import { describe, expect, it } from 'vitest';
import { detectDelimiter } from './detect';
import { readCsvDataset } from './dataset';
import { readCsvTable } from './table';

const IRIS_LIKE =
  'sepal;petal;colour;species\n5.1;1.4;red;setosa\n7.0;4.7;blue;versicolor\n6.3;6.0;red;virginica\n';

describe('CSV delimiter detection', () => {
  it.each([
    ['a,b,c\n1,2,3\n4,5,6', ','],
    ['a;b;c\n1,5;2,5;3\n4;5;6', ';'],
    ['a\tb\n1\t2\n', '\t'],
    ['name,comment\nx,"a;b;c"\ny,"d;e;f"', ','],
  ])('detects the delimiter of %j', (text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });

  it('lets the user override the detected delimiter', () => {
    const t = readCsvTable('a,b;c\n1,2;3', { delimiter: ';' });
    expect(t.ok && t.value.columns).toEqual(['a,b', 'c']);
  });
});

describe('CSV import errors name the line and column', () => {
  it.each([
    ['', 'The file is empty'],
    ['\ufeff\n\n', 'The file is empty'],
    ['a,b,c\n', 'has a header on line 1 but no data rows'],
    ['x,y,x\n1,2,3\n', 'Line 1: columns 1 and 3 are both named "x".'],
    ['x,y,label\n1,2,a\n3,4\n', 'Line 3 has 2 fields but the header on line 1 has 3 (comma-separated).'],
    ['x,label\n1,a\n2,\n3,b', 'Line 3: the label "label" is empty.'],
  ])('reports %j', (text, message) => {
    const r = readCsvDataset(text, { labelColumn: 'label' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.message).join('\n')).toContain(message);
  });

  it('reports a non-numeric cell in a numeric column with its line and column', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${i % 2 ? 'a' : 'b'}`);
    rows[17] = 'oops,a';
    const r = readCsvDataset(`x,label\n${rows.join('\n')}`, { labelColumn: 'label' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toEqual([
        { severity: 'error', message: 'Line 19, column "x": "oops" is not a number.', line: 19, column: 'x' },
      ]);
    }
  });

  it('names the columns when the label column does not exist', () => {
    const r = readCsvDataset('a,b\n1,2', { labelColumn: 'species' });
    expect(!r.ok && r.errors[0]?.message).toBe('There is no column "species"; the columns are "a", "b".');
  });

  it('refuses files over the size caps with the limit in the message', () => {
    const text = 'a,b\n' + '1,2\n'.repeat(20);
    const rows = readCsvDataset(text, { labelColumn: 'b', limits: { maxRows: 10 } });
    expect(!rows.ok && rows.errors[0]?.message).toContain('more than 10 data rows');
    const chars = readCsvDataset(text, { labelColumn: 'b', limits: { maxChars: 50 } });
    expect(!chars.ok && chars.errors[0]?.message).toContain('too large');
    const cols = readCsvDataset(text, { labelColumn: 'b', limits: { maxColumns: 1 } });
    expect(!cols.ok && cols.errors[0]?.message).toContain('Line 1 has 2 columns; the limit is 1');
  });

  it('refuses one-hot encoding a column with too many distinct values', () => {
    const text = 'id,y\n' + Array.from({ length: 8 }, (_, i) => `u${i},${i % 2}`).join('\n');
    const r = readCsvDataset(text, { labelColumn: 'y', maxOneHotCategories: 5 });
    expect(!r.ok && r.errors[0]?.message).toContain('Column "id" has 8 distinct values');
  });
});

describe('CSV import builds a Dataset', () => {
  it('one-hot encodes categorical features and indexes text labels in sorted order', () => {
    const r = readCsvDataset(IRIS_LIKE, { labelColumn: 'species' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = r.value;
    expect(d.featureNames).toEqual(['sepal', 'petal', 'colour=blue', 'colour=red']);
    expect(d.featureShape).toEqual([4]);
    expect(Array.from(d.x)).toEqual([5.1, 1.4, 0, 1, 7.0, 4.7, 1, 0, 6.3, 6.0, 0, 1].map(Math.fround));
    expect(d.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(d.y)).toEqual([0, 1, 2]);
    expect(d.task).toBe('classification');
  });

  it('index-encodes categories when asked and keeps the chosen feature columns only', () => {
    const r = readCsvDataset(IRIS_LIKE, {
      labelColumn: 'species',
      featureColumns: ['colour'],
      categoryEncoding: 'index',
    });
    expect(r.ok && Array.from(r.value.x)).toEqual([1, 0, 1]);
  });

  it('treats a numeric label with many values as a regression target', () => {
    const text = 'x,price\n' + Array.from({ length: 30 }, (_, i) => `${i},${i * 1.5}`).join('\n');
    const r = readCsvDataset(text, { labelColumn: 'price' });
    expect(r.ok && [r.value.task, r.value.numClasses, r.value.y[3]]).toEqual(['regression', 1, 4.5]);
  });

  it('treats a few integer labels as classes sorted numerically', () => {
    const r = readCsvDataset('x,y\n1,10\n2,2\n3,10', { labelColumn: 'y' });
    expect(r.ok && [r.value.task, r.value.classNames, Array.from(r.value.y)]).toEqual([
      'classification',
      ['2', '10'],
      [1, 0, 1],
    ]);
  });

  it('reads a headerless file with numbered columns and empty numeric cells as NaN', () => {
    const r = readCsvDataset('1,,a\n2,3,b\n', { labelColumn: 'column 3' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Array.from(r.value.x)).toEqual([1, NaN, 2, 3]);
    expect(r.warnings[0]?.message).toBe('Column "column 2" has 1 empty cells; they read as NaN.');
  });
});
