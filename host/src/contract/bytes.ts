import { z } from 'zod';

/**
 * Binary payloads travel as Uint8Array (IPC structured clone) or as base64 inside JSON (HTTP).
 * The checks use the toString tag, not `instanceof`, because values cloned across Electron's
 * context bridge or IPC belong to another realm.
 */
function tagOf(value: unknown): string {
  return Object.prototype.toString.call(value);
}

export function isBytesLike(value: unknown): value is Uint8Array | ArrayBuffer {
  return tagOf(value) === '[object Uint8Array]' || tagOf(value) === '[object ArrayBuffer]';
}

/**
 * A Uint8Array that owns its whole buffer, so `result.buffer` is exactly the payload (Node's
 * pooled Buffers share one big ArrayBuffer, and tfjs reads `weightData` as a plain ArrayBuffer).
 */
export function toOwnedBytes(value: Uint8Array | ArrayBuffer): Uint8Array {
  if (tagOf(value) === '[object ArrayBuffer]') return new Uint8Array(value as ArrayBuffer);
  const view = value as Uint8Array;
  if (
    view.byteOffset === 0 &&
    view.byteLength === view.buffer.byteLength &&
    view.constructor === Uint8Array
  ) {
    return view;
  }
  return new Uint8Array(view);
}

export const Bytes = z
  .custom<Uint8Array | ArrayBuffer>(isBytesLike, {
    message: 'expected binary data (Uint8Array or ArrayBuffer)',
  })
  .transform(toOwnedBytes);

// A multiple of 3, so the base64 of each chunk concatenates without inner padding.
const CHUNK = 3 * 8192;

export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += btoa(String.fromCharCode(...bytes.subarray(i, i + CHUNK)));
  }
  return out;
}

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
