/**
 * Strict building blocks for the wire formats: a big-endian, length-prefixed binary writer and reader,
 * and canonical hex and base64 text. Every reader failure is a `WireError` naming the field, so a
 * decoder built from these never throws anything else on hostile input.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { malformed } from './errors';
import { wirePrimitives } from './primitives';

const utf8Encoder = new TextEncoder();
// fatal: invalid UTF-8 is an error, not U+FFFD; ignoreBOM: a leading BOM stays part of the text, so
// decoding is the exact inverse of encoding.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 bytes of a string that must round-trip exactly (no lone surrogates). */
export function utf8(field: string, text: string): Uint8Array {
  const bytes = utf8Encoder.encode(text);
  if (utf8Decoder.decode(bytes) !== text) throw malformed(field, 'not well-formed Unicode');
  return bytes;
}

/**
 * Appends fields to a growing message. Lengths and integers are big-endian. Byte fields are referenced,
 * not copied, until `finish()` copies everything once: do not change them in between.
 */
export class ByteWriter {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  private push(chunk: Uint8Array): this {
    this.chunks.push(chunk);
    this.size += chunk.length;
    return this;
  }

  u8(value: number): this {
    return this.push(Uint8Array.of(value));
  }

  u16(value: number): this {
    return this.push(Uint8Array.of(value >>> 8, value & 0xff));
  }

  u32(value: number): this {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, value);
    return this.push(out);
  }

  u64(value: number): this {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, BigInt(value));
    return this.push(out);
  }

  /** Raw bytes whose length the format fixes (keys, nonces, signatures). */
  fixed(bytes: Uint8Array): this {
    return this.push(bytes);
  }

  /** Bytes behind a one-byte length (at most 255). */
  bytes8(bytes: Uint8Array): this {
    if (bytes.length > 0xff) throw malformed('field', 'longer than 255 bytes');
    return this.u8(bytes.length).push(bytes);
  }

  /** Bytes behind a four-byte length. */
  bytes32(bytes: Uint8Array): this {
    if (bytes.length > 0xffffffff) throw malformed('field', 'longer than 2^32 - 1 bytes');
    return this.u32(bytes.length).push(bytes);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

/** Reads fields in order; every read is bounds-checked and `end()` refuses trailing bytes. */
export class ByteReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** How many bytes have been consumed so far. */
  get position(): number {
    return this.offset;
  }

  private take(field: string, length: number): Uint8Array {
    if (length > this.bytes.length - this.offset) throw malformed(field, 'truncated');
    const out = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  u8(field: string): number {
    return this.take(field, 1)[0] as number;
  }

  u16(field: string): number {
    const [hi, lo] = this.take(field, 2) as unknown as [number, number];
    return (hi << 8) | lo;
  }

  u32(field: string): number {
    return new DataView(this.take(field, 4).buffer).getUint32(0);
  }

  u64(field: string): number {
    const value = new DataView(this.take(field, 8).buffer).getBigUint64(0);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed(field, 'out of range');
    return Number(value);
  }

  fixed(field: string, length: number): Uint8Array {
    return this.take(field, length);
  }

  bytes8(field: string, min: number, max: number): Uint8Array {
    return this.bounded(field, this.u8(field), min, max);
  }

  bytes32(field: string, min: number, max: number): Uint8Array {
    return this.bounded(field, this.u32(field), min, max);
  }

  /** As `bytes32`, but a view into the input rather than a copy (for large payloads read once). */
  view32(field: string, min: number, max: number): Uint8Array {
    const length = this.u32(field);
    if (length < min || length > max) throw malformed(field, `length ${length} outside ${min}..${max}`);
    if (length > this.bytes.length - this.offset) throw malformed(field, 'truncated');
    this.offset += length;
    return this.bytes.subarray(this.offset - length, this.offset);
  }

  /** UTF-8 text behind a one-byte length, `min`..`max` bytes. */
  text8(field: string, min: number, max: number): string {
    const bytes = this.bytes8(field, min, max);
    try {
      return utf8Decoder.decode(bytes);
    } catch {
      throw malformed(field, 'not valid UTF-8');
    }
  }

  end(): void {
    if (this.offset !== this.bytes.length) throw malformed('message', 'trailing bytes');
  }

  private bounded(field: string, length: number, min: number, max: number): Uint8Array {
    if (length < min || length > max) throw malformed(field, `length ${length} outside ${min}..${max}`);
    return this.take(field, length);
  }
}

// Plain character classes, no repeated groups: V8 runs these without backtracking, on megabytes too.
const HEX = /^0x[0-9a-f]*$/;

/** `0x`-prefixed lowercase hex, the form every JSON body in `lib/wire` uses. */
export function toHex(bytes: Uint8Array): `0x${string}` {
  return `0x${bytesToHex(bytes)}`;
}

/**
 * Strict inverse of `toHex`: a `0x`-prefixed, lowercase, even-length hex string, optionally of an
 * exact byte length or at most `max` bytes.
 */
export function fromHex(field: string, value: unknown, length: { exact?: number; max?: number }): Uint8Array {
  if (typeof value !== 'string') throw malformed(field, 'expected a hex string');
  const bytesLength = (value.length - 2) / 2;
  if (length.exact !== undefined && bytesLength !== length.exact) {
    throw malformed(field, `expected ${length.exact} bytes`);
  }
  if (length.max !== undefined && bytesLength > length.max)
    throw malformed(field, `longer than ${length.max} bytes`);
  if (value.length % 2 !== 0 || !HEX.test(value))
    throw malformed(field, 'expected 0x-prefixed lowercase hex');
  return hexToBytes(value.slice(2));
}

const CHUNK = 0x8000;

/** Standard, padded base64 (RFC 4648 §4), through the platform's native `btoa`. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return btoa(binary);
}

/**
 * Strict inverse of `toBase64`: standard alphabet, padded, canonical (the bits padding leaves over
 * must be zero, so every byte string has exactly one accepted text), at most `max` bytes. The provider
 * decodes (`WirePrimitives.base64ToBytes`: native code; a pattern test of a frame's 50 000 characters
 * cost more than the rest of its decoding).
 */
export function fromBase64(field: string, value: unknown, max: number): Uint8Array {
  if (typeof value !== 'string') throw malformed(field, 'expected a base64 string');
  if (value.length > Math.ceil(max / 3) * 4) throw malformed(field, `longer than ${max} bytes`);
  const bytes = wirePrimitives().base64ToBytes(value);
  if (bytes === null) throw malformed(field, 'expected canonical padded standard base64');
  if (bytes.length > max) throw malformed(field, `longer than ${max} bytes`);
  return bytes;
}

/**
 * The parsed JSON `value` as an object with exactly `keys` (no missing, no extra), so decoders never
 * silently ignore a field an attacker added.
 */
export function strictObject<K extends string>(
  what: string,
  value: unknown,
  keys: readonly K[],
): Record<K, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw malformed(what, 'expected an object');
  const actual = Object.keys(value);
  const extra = actual.find((key) => !(keys as readonly string[]).includes(key));
  if (extra !== undefined) throw malformed(what, `unexpected field "${extra.slice(0, 40)}"`);
  const missing = keys.find((key) => !Object.prototype.hasOwnProperty.call(value, key));
  if (missing !== undefined) throw malformed(what, `missing field "${missing}"`);
  return value as Record<K, unknown>;
}

/** A party id: well-formed text of 1..64 UTF-8 bytes. */
export function partyIdBytes(field: string, value: unknown): Uint8Array {
  if (typeof value !== 'string') throw malformed(field, 'expected a string');
  const bytes = utf8(field, value);
  if (bytes.length < 1 || bytes.length > MAX_PARTY_ID_BYTES) {
    throw malformed(field, `must be 1..${MAX_PARTY_ID_BYTES} UTF-8 bytes`);
  }
  return bytes;
}

/** Longest party id, in UTF-8 bytes (as `lib/protocol` defines `PartyId`). */
export const MAX_PARTY_ID_BYTES = 64;
/** Longest protocol session id, in bytes. */
export const MAX_SESSION_ID_BYTES = 64;

/** A protocol session id: 1..64 bytes. */
export function checkSessionId(sessionId: Uint8Array): void {
  if (!(sessionId instanceof Uint8Array) || sessionId.length < 1 || sessionId.length > MAX_SESSION_ID_BYTES) {
    throw malformed('sessionId', `must be 1..${MAX_SESSION_ID_BYTES} bytes`);
  }
}
