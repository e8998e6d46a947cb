import { base64ToBytes, bytesToBase64, isBytesLike, toOwnedBytes } from './bytes';

/**
 * JSON encoding for HTTP: binary becomes `{ "$bytes": base64 }`. A plain object that itself has a
 * `$bytes` or `$esc` key is wrapped as `{ "$esc": object }` so user data can never be mistaken for
 * binary. Walking the tree ourselves (instead of a JSON.stringify replacer) matters because Node's
 * Buffer.toJSON would run before any replacer sees the value.
 */
export interface Base64Codec {
  encode(bytes: Uint8Array): string;
  decode(text: string): Uint8Array;
}

export const portableBase64: Base64Codec = { encode: bytesToBase64, decode: base64ToBytes };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function toWire(value: unknown, codec: Base64Codec = portableBase64): unknown {
  if (isBytesLike(value)) return { $bytes: codec.encode(toOwnedBytes(value)) };
  if (Array.isArray(value)) return value.map((item) => toWire(item, codec));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) setData(out, key, toWire(item, codec));
    }
    return '$bytes' in value || '$esc' in value ? { $esc: out } : out;
  }
  return value;
}

export function fromWire(value: unknown, codec: Base64Codec = portableBase64): unknown {
  if (Array.isArray(value)) return value.map((item) => fromWire(item, codec));
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '$bytes' && typeof value.$bytes === 'string') {
      return codec.decode(value.$bytes);
    }
    if (keys.length === 1 && keys[0] === '$esc' && isPlainObject(value.$esc)) {
      return decodeEntries(value.$esc, codec);
    }
    return decodeEntries(value, codec);
  }
  return value;
}

function decodeEntries(value: Record<string, unknown>, codec: Base64Codec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    setData(out, key, fromWire(item, codec));
  }
  return out;
}

/** defineProperty keeps a `__proto__` key as data instead of changing the prototype. */
function setData(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function stringifyWire(value: unknown, codec?: Base64Codec): string {
  return JSON.stringify(toWire(value, codec));
}

export function parseWire(text: string, codec?: Base64Codec): unknown {
  return fromWire(JSON.parse(text) as unknown, codec);
}
