/**
 * RFC 4180 CSV tokenizer that remembers the physical line each row starts on, so errors can name it.
 * Handles quoted fields (with delimiters, "" escapes and line breaks inside), CRLF/LF/CR line ends,
 * and skips blank lines. It never trims: whitespace belongs to the value.
 */
export type Delimiter = ',' | ';' | '\t';

export interface CsvRow {
  /** 1-based physical line where the row starts. */
  line: number;
  fields: string[];
}

export interface TokenizeResult {
  rows: CsvRow[];
  /** Problems with quoting; the rows before the problem are still returned. */
  errors: { line: number; message: string }[];
  /** True when `maxRows` stopped the tokenizer before the end of the text. */
  truncated: boolean;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

export function stripBom(text: string): { text: string; hadBom: boolean } {
  return text.charCodeAt(0) === 0xfeff ? { text: text.slice(1), hadBom: true } : { text, hadBom: false };
}

export function tokenizeCsv(text: string, delimiter: Delimiter, maxRows = Infinity): TokenizeResult {
  const delim = delimiter.charCodeAt(0);
  const rows: CsvRow[] = [];
  const errors: { line: number; message: string }[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  let fields: string[] = [];
  let rowLine = 1;
  let rowHasContent = false;
  let appendToLast = false;

  const endRow = (): void => {
    // A blank line is one empty unquoted field; skipping it keeps trailing newlines harmless.
    if (rowHasContent || fields.length > 1 || (fields.length === 1 && fields[0] !== '')) {
      rows.push({ line: rowLine, fields });
    }
    fields = [];
    rowHasContent = false;
  };
  /** Consumes one line break at i (CRLF counts once); returns false when there is none. */
  const lineBreak = (): boolean => {
    const c = text.charCodeAt(i);
    if (c === CR) {
      i += text.charCodeAt(i + 1) === LF ? 2 : 1;
    } else if (c === LF) {
      i += 1;
    } else {
      return false;
    }
    line += 1;
    return true;
  };

  while (i < n) {
    if (rows.length >= maxRows) return { rows, errors, truncated: true };
    if (fields.length === 0 && !rowHasContent) rowLine = line;
    if (text.charCodeAt(i) === QUOTE) {
      const openLine = line;
      let value = '';
      let start = ++i;
      let closed = false;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === QUOTE) {
          if (text.charCodeAt(i + 1) === QUOTE) {
            value += text.slice(start, i + 1);
            i += 2;
            start = i;
            continue;
          }
          value += text.slice(start, i);
          i += 1;
          closed = true;
          break;
        }
        if (c === CR || c === LF) {
          const before = i;
          lineBreak();
          value += text.slice(start, before) + text.slice(before, i);
          start = i;
          continue;
        }
        i += 1;
      }
      if (!closed) {
        errors.push({ line: openLine, message: `Line ${openLine}: a quoted field is never closed.` });
        fields.push(value + text.slice(start, i));
        rowHasContent = true;
        endRow();
        return { rows, errors, truncated: false };
      }
      fields.push(value);
      rowHasContent = true;
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === delim) {
        i += 1;
        if (i >= n) fields.push('');
        continue;
      }
      if (lineBreak()) {
        endRow();
        continue;
      }
      errors.push({ line, message: `Line ${line}: unexpected text after a closing quote.` });
      // Recover by reading the rest of the field as plain text, appended to the quoted part.
      appendToLast = true;
    }
    let start = i;
    let value = appendToLast ? (fields.pop() ?? '') : '';
    appendToLast = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === delim || c === CR || c === LF) break;
      i += 1;
    }
    value += text.slice(start, i);
    start = i;
    fields.push(value);
    if (i >= n) break;
    if (text.charCodeAt(i) === delim) {
      rowHasContent = true;
      i += 1;
      if (i >= n) fields.push('');
      continue;
    }
    lineBreak();
    endRow();
  }
  if (fields.length > 0) endRow();
  return { rows, errors, truncated: false };
}
