import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvTable } from './table';
import { tokenizeCsv, type Delimiter } from './tokenize';
import { formatCsv } from './write';

const cell = fc.string({
  unit: fc.constantFrom('a', 'b', '1', '.', ' ', ',', ';', '\t', '"', '\n', '\r', 'é'),
  maxLength: 6,
});
const delimiter = fc.constantFrom<Delimiter>(',', ';', '\t');
const lineEnding = fc.constantFrom<'\n' | '\r\n' | '\r'>('\n', '\r\n', '\r');
const table = fc
  .integer({ min: 2, max: 5 })
  .chain((w) => fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 12 }));
const style = fc.record({
  delimiter,
  lineEnding,
  quoteAll: fc.boolean(),
  bom: fc.boolean(),
  trailingNewline: fc.boolean(),
});

function countBreaks(text: string): number {
  return (text.match(/\r\n|\r|\n/g) ?? []).length;
}

describe('CSV tokenizer', () => {
  it('parses back any table written with any delimiter, quoting, BOM and line ending', () => {
    fc.assert(
      fc.property(table, style, (rows, s) => {
        // A file whose every cell is blank carries no data and is reported as empty (tested below).
        fc.pre(rows.flat().some((c) => c.trim() !== ''));
        const text = formatCsv(rows, s);
        const result = readCsvTable(text, { delimiter: s.delimiter, header: false });
        expect(result.ok).toBe(true);
        if (result.ok) {
          expect(result.value.rows).toEqual(rows);
          expect(result.value.hadBom).toBe(s.bom);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reports an injected ragged row at its exact physical line', () => {
    fc.assert(
      fc.property(table, style, fc.nat(), fc.boolean(), (rows, s, at, longer) => {
        fc.pre(rows.length >= 1);
        const width = rows[0]!.length;
        const k = 1 + (at % rows.length);
        const ragged = longer ? [...rows[k - 1]!, 'extra'] : rows[k - 1]!.slice(0, width - 1);
        const all = [...rows.slice(0, k), ragged, ...rows.slice(k)];
        const prefix = formatCsv(all.slice(0, k), { ...s, trailingNewline: true });
        const expectedLine = 1 + countBreaks(prefix);
        const result = readCsvTable(formatCsv(all, s), { delimiter: s.delimiter, header: false });
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.errors.map((e) => e.line)).toEqual([expectedLine]);
          expect(result.errors[0]!.message).toContain(`Line ${expectedLine} has ${ragged.length} fields`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    [
      'a,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
      [1, 2],
    ],
    [
      'a,b\r\n\r\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
      [1, 3],
    ],
    [
      '"x\ny",b\r3,4',
      [
        ['x\ny', 'b'],
        ['3', '4'],
      ],
      [1, 3],
    ],
    ['a,"say ""hi"""\n', [['a', 'say "hi"']], [1]],
    [
      'a,\n,b',
      [
        ['a', ''],
        ['', 'b'],
      ],
      [1, 2],
    ],
  ])('splits %j into rows with their starting lines', (text, fields, lines) => {
    const { rows, errors } = tokenizeCsv(text, ',');
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.fields)).toEqual(fields);
    expect(rows.map((r) => r.line)).toEqual(lines);
  });

  it('reports a file of blank cells only as empty', () => {
    const result = readCsvTable('\t\n \t ', { header: false });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toMatch(/empty/);
  });

  it('names the line where an unclosed quote opens', () => {
    const { errors } = tokenizeCsv('a,b\n1,"2\n3,4\n', ',');
    expect(errors).toEqual([{ line: 2, message: 'Line 2: a quoted field is never closed.' }]);
  });

  it('reports text after a closing quote and keeps it in the field', () => {
    const { rows, errors } = tokenizeCsv('"ab"c,d', ',');
    expect(errors[0]?.line).toBe(1);
    expect(rows[0]?.fields).toEqual(['abc', 'd']);
  });
});
