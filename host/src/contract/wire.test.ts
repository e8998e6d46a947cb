import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, toOwnedBytes } from './bytes';
import { parseWire, stringifyWire } from './wire';

const bytes = fc.uint8Array({ maxLength: 200 });
const wireValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    fc.string(),
    bytes,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('$bytes', '$esc', '__proto__')), tie('value'), {
      maxKeys: 4,
      noNullPrototype: true,
    }),
  ),
})).value;

describe('wire codec', () => {
  it('round-trips any JSON with binary inside, including look-alike keys', () => {
    fc.assert(
      fc.property(wireValue, (value) => {
        expect(parseWire(stringifyWire(value))).toStrictEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  it('never lets user data named $bytes turn into binary', () => {
    const value = { $bytes: 'AAAA' };
    expect(parseWire(stringifyWire(value))).toStrictEqual(value);
  });

  it('encodes a typed array subclass with its own toJSON as bytes (as Node Buffers are)', () => {
    class Tagged extends Uint8Array {
      toJSON() {
        return { type: 'Tagged' };
      }
    }
    expect(stringifyWire({ data: new Tagged([1, 2, 3]) })).toBe('{"data":{"$bytes":"AQID"}}');
  });

  it('keeps a __proto__ key as data without touching the prototype', () => {
    const decoded = parseWire('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('base64', () => {
  it('matches one-shot btoa for sizes across chunk boundaries', () => {
    const oneShot = (data: Uint8Array) => btoa(Array.from(data, (b) => String.fromCharCode(b)).join(''));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60_000 }), (data) => {
        const text = bytesToBase64(data);
        expect(text).toBe(oneShot(data));
        expect(base64ToBytes(text)).toStrictEqual(data);
      }),
      { numRuns: 30 },
    );
  });
});

describe('toOwnedBytes', () => {
  it('copies a view into a shared buffer so .buffer is exactly the payload', () => {
    const pool = new Uint8Array([9, 1, 2, 3, 9]);
    const owned = toOwnedBytes(pool.subarray(1, 4));
    expect(owned.buffer.byteLength).toBe(3);
    expect([...owned]).toEqual([1, 2, 3]);
  });

  it('turns an ArrayBuffer into a view over it', () => {
    expect([...toOwnedBytes(new Uint8Array([4, 5]).buffer)]).toEqual([4, 5]);
  });
});
