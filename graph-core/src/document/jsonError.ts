/**
 * Finds where and why text is not valid JSON. `JSON.parse` alone is not enough: V8 reports a position
 * for some mistakes and none for others, and its wording differs between engines. This scanner runs only
 * after `JSON.parse` has failed, so it favours clear messages over speed.
 */

export interface JsonErrorLocation {
  line: number;
  column: number;
  /** What was wrong there, e.g. `expected ',' or '}' but found ']'`. */
  reason: string;
}

class JsonSyntaxError {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

function describe(text: string, at: number): string {
  if (at >= text.length) return 'the end of the file';
  const ch = text.charAt(at);
  return /\s/.test(ch) ? JSON.stringify(ch) : `'${ch}'`;
}

class Scanner {
  private at = 0;
  constructor(private readonly text: string) {}

  run(): void {
    this.skipSpace();
    this.value();
    this.skipSpace();
    if (this.at < this.text.length) this.fail('unexpected text after the end of the JSON value');
  }

  private fail(reason: string, offset = this.at): never {
    throw new JsonSyntaxError(offset, reason);
  }

  private expected(what: string): never {
    this.fail(`expected ${what} but found ${describe(this.text, this.at)}`);
  }

  private skipSpace(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text.charAt(this.at))) this.at++;
  }

  private value(): void {
    const ch = this.text.charAt(this.at);
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"') return this.string();
    if (ch === '-' || (ch >= '0' && ch <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return;
      }
    }
    this.expected('a value');
  }

  private object(): void {
    this.at++;
    this.skipSpace();
    if (this.text.charAt(this.at) === '}') {
      this.at++;
      return;
    }
    for (;;) {
      this.skipSpace();
      if (this.text.charAt(this.at) !== '"') this.expected('a property name in double quotes');
      this.string();
      this.skipSpace();
      if (this.text.charAt(this.at) !== ':') this.expected("':' after the property name");
      this.at++;
      this.skipSpace();
      this.value();
      this.skipSpace();
      const next = this.text.charAt(this.at);
      if (next === '}') {
        this.at++;
        return;
      }
      if (next !== ',') this.expected("',' or '}'");
      this.at++;
    }
  }

  private array(): void {
    this.at++;
    this.skipSpace();
    if (this.text.charAt(this.at) === ']') {
      this.at++;
      return;
    }
    for (;;) {
      this.skipSpace();
      this.value();
      this.skipSpace();
      const next = this.text.charAt(this.at);
      if (next === ']') {
        this.at++;
        return;
      }
      if (next !== ',') this.expected("',' or ']'");
      this.at++;
    }
  }

  private string(): void {
    const start = this.at;
    this.at++;
    while (this.at < this.text.length) {
      const ch = this.text.charAt(this.at);
      if (ch === '"') {
        this.at++;
        return;
      }
      if (ch < ' ') this.fail('control character inside a string (use \\n, \\t …)');
      if (ch === '\\') {
        const esc = this.text.charAt(this.at + 1);
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6))) {
            this.fail('\\u must be followed by four hex digits');
          }
          this.at += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(esc) || esc === '') this.fail(`invalid escape '\\${esc}' in a string`);
        this.at += 2;
        continue;
      }
      this.at++;
    }
    this.fail('a string is never closed', start);
  }

  private number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.at));
    if (!match) this.fail('malformed number');
    this.at += match[0].length;
  }
}

/** Where `text` stops being valid JSON; `null` when it is valid. Lines and columns count from 1. */
export function locateJsonError(text: string): JsonErrorLocation | null {
  try {
    new Scanner(text).run();
    return null;
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const before = text.slice(0, error.offset);
    const lines = before.split('\n');
    const last = lines[lines.length - 1] ?? '';
    return { line: lines.length, column: last.length + 1, reason: error.reason };
  }
}
