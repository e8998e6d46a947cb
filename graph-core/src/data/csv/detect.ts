import { tokenizeCsv, type Delimiter } from './tokenize';

export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];
const SAMPLE_ROWS = 50;

/**
 * Picks the delimiter that splits the first rows into the most consistent number of fields (more
 * than one). Ties go to the split with more fields, then to the order comma, semicolon, tab.
 */
export function detectDelimiter(text: string): Delimiter {
  let best: Delimiter = ',';
  let bestScore = -1;
  let bestWidth = 0;
  for (const d of DELIMITERS) {
    const { rows } = tokenizeCsv(text, d, SAMPLE_ROWS);
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.fields.length, (counts.get(r.fields.length) ?? 0) + 1);
    let mode = 0;
    let modeCount = 0;
    for (const [width, c] of counts) {
      if (c > modeCount || (c === modeCount && width > mode)) {
        mode = width;
        modeCount = c;
      }
    }
    const score = mode > 1 ? modeCount : 0;
    if (score > bestScore || (score === bestScore && mode > bestWidth)) {
      best = d;
      bestScore = score;
      bestWidth = mode;
    }
  }
  return best;
}

export function delimiterName(d: Delimiter): string {
  return d === ',' ? 'comma' : d === ';' ? 'semicolon' : 'tab';
}
