import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  POINT_BYTES,
  SCALAR_BYTES,
  pointFromBytes,
  pointToBytes,
  scalarFromCanonicalBytes,
  scalarToBytes,
} from './curve';
import type { Point } from './curve';
import { decodeCompressed } from './ecWasm';
import { ProtocolError } from './errors';
import type { PartyId } from './types';

/** Builds a compact big-endian binary message. */
export class Writer {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  bytes(b: Uint8Array): this {
    this.parts.push(b);
    this.length += b.length;
    return this;
  }

  u8(n: number): this {
    return this.bytes(Uint8Array.of(n));
  }

  u16(n: number): this {
    return this.bytes(Uint8Array.of(n >>> 8, n & 0xff));
  }

  u32(n: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n);
    return this.bytes(b);
  }

  /** u32 length, then the bytes. */
  varBytes(b: Uint8Array): this {
    return this.u32(b.length).bytes(b);
  }

  /** u8 length, then UTF-8. */
  string(s: string): this {
    const b = utf8ToBytes(s);
    if (b.length > 255) throw new ProtocolError('String too long to encode', { code: 'BAD_INPUT' });
    return this.u8(b.length).bytes(b);
  }

  scalar(a: bigint): this {
    return this.bytes(scalarToBytes(a));
  }

  point(p: Point): this {
    return this.bytes(pointToBytes(p));
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let off = 0;
    for (const p of this.parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }
}

/**
 * Strict reader: every read is bounds-checked, scalars must be canonical and non-zero, points
 * on the curve and not the identity, and `end()` rejects trailing bytes. Every failure is a
 * `ProtocolError` (code MALFORMED) naming the sender and carrying the offending bytes as evidence.
 */
export class Reader {
  private offset = 0;

  constructor(
    private readonly data: Uint8Array,
    private readonly context: { culprit?: PartyId; what: string; round?: number },
  ) {}

  fail(reason: string): ProtocolError {
    const { culprit, what, round } = this.context;
    const from = culprit === undefined ? '' : ` from ${culprit}`;
    return new ProtocolError(`Malformed ${what}${from}: ${reason}`, {
      code: 'MALFORMED',
      details: {
        reason,
        ...(culprit === undefined ? {} : { culprit, evidence: [bytesToHex(this.data)] }),
        ...(round === undefined ? {} : { round }),
      },
    });
  }

  get remaining(): number {
    return this.data.length - this.offset;
  }

  bytes(n: number): Uint8Array {
    if (n > this.remaining) throw this.fail(`truncated (wanted ${n} bytes, ${this.remaining} left)`);
    const out = this.data.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  u8(): number {
    return this.bytes(1)[0] ?? 0;
  }

  u16(): number {
    const b = this.bytes(2);
    return ((b[0] ?? 0) << 8) | (b[1] ?? 0);
  }

  u32(): number {
    const b = this.bytes(4);
    return new DataView(b.buffer, b.byteOffset, 4).getUint32(0);
  }

  varBytes(maxLength: number): Uint8Array {
    const n = this.u32();
    if (n > maxLength) throw this.fail(`length ${n} exceeds ${maxLength}`);
    return this.bytes(n);
  }

  /** A party id: 1..64 bytes of valid UTF-8. */
  partyId(): PartyId {
    const n = this.u8();
    if (n < 1 || n > 64) throw this.fail('party id must be 1..64 bytes');
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(this.bytes(n));
    } catch (e) {
      if (e instanceof ProtocolError) throw e;
      throw this.fail('party id is not valid UTF-8');
    }
  }

  /** A canonical scalar in [1, q). Zero is never a valid value in this protocol. */
  scalar(): bigint {
    const s = scalarFromCanonicalBytes(this.bytes(SCALAR_BYTES));
    if (s === undefined) throw this.fail('scalar out of range');
    if (s === 0n) throw this.fail('zero scalar');
    return s;
  }

  /** A compressed point on the curve, not the identity. */
  point(): Point {
    const p = pointFromBytes(this.bytes(POINT_BYTES));
    if (p === undefined) throw this.fail('invalid or identity point');
    return p;
  }

  /**
   * `point()` for points that go to libsecp256k1 (`ecWasm.ts`): the same checks, by libsecp256k1's parse
   * (replaces noble's `Point.fromBytes`, a BigInt square root), returning the 65-byte uncompressed encoding.
   */
  secpPoint(): Uint8Array {
    const p = decodeCompressed(this.bytes(POINT_BYTES));
    if (p === undefined) throw this.fail('invalid or identity point');
    return p;
  }

  end(): void {
    if (this.remaining !== 0) throw this.fail(`${this.remaining} trailing bytes`);
  }
}
