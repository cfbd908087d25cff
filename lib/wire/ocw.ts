/**
 * The SCALE `OCWMessage` the chain's off-chain worker POSTs to `/signer/new_party`, and the
 * `relayer.messages(blockNumber)` entries it carries. The chain's metadata describes the same layout
 * (see docs/devnet.md), so a TSS server can compare a decoded body with the chain's storage field by field.
 *
 * Layout (SCALE, little-endian, `Vec` = compact length + items, `Bytes` = compact length + bytes):
 *   CommitteeMember { signingGroup: u8, stash: [u8;32], tssAccount: [u8;32], x25519PublicKey: [u8;32], endpoint: Bytes }
 *   SigRequest      { sigHash: [u8;32] }
 *   Message         { account: [u8;32], sigRequest: SigRequest, committee: Vec<CommitteeMember> }
 *   OCWMessage      { messages: Vec<Message>, blockNumber: u32 }
 */
import { malformed } from './errors';

export interface CommitteeMember {
  signingGroup: number;
  /** The validator's stash account (32-byte public key). */
  stash: Uint8Array;
  /** The account the TSS server signs with (sr25519 public key). */
  tssAccount: Uint8Array;
  x25519PublicKey: Uint8Array;
  /** Base URL of the member's TSS server, e.g. `http://127.0.0.1:3001`. */
  endpoint: string;
}

export interface SigRequest {
  /** The 32-byte hash the committee is asked to sign. */
  sigHash: Uint8Array;
}

export interface RelayerMessage {
  /** The registered account that asked for the signature. */
  account: Uint8Array;
  sigRequest: SigRequest;
  committee: CommitteeMember[];
}

export interface OcwMessage {
  messages: RelayerMessage[];
  /** The block whose `relayer.messages` these are. */
  blockNumber: number;
}

// Bounds keep a hostile body from allocating without limit; real values are far below them.
export const OCW_LIMITS = { messages: 4096, committee: 255, endpointBytes: 512 } as const;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

class ScaleWriter {
  private readonly chunks: Uint8Array[] = [];

  u8(value: number): this {
    this.chunks.push(Uint8Array.of(value));
    return this;
  }

  u32(value: number): this {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, value, true);
    this.chunks.push(out);
    return this;
  }

  compact(value: number): this {
    if (value < 0x40) return this.u8(value << 2);
    if (value < 0x4000) {
      this.chunks.push(Uint8Array.of(((value << 2) | 1) & 0xff, value >>> 6));
      return this;
    }
    if (value < 0x40000000) {
      const out = new Uint8Array(4);
      new DataView(out.buffer).setUint32(0, ((value << 2) | 2) >>> 0, true);
      this.chunks.push(out);
      return this;
    }
    return this.u8(0b11).u32(value);
  }

  fixed(bytes: Uint8Array): this {
    this.chunks.push(bytes.slice());
    return this;
  }

  bytes(bytes: Uint8Array): this {
    return this.compact(bytes.length).fixed(bytes);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

class ScaleReader {
  private offset = 0;

  constructor(private readonly input: Uint8Array) {}

  private take(field: string, length: number): Uint8Array {
    if (this.offset + length > this.input.length) throw malformed(field, 'truncated');
    const out = this.input.slice(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  u8(field: string): number {
    return this.take(field, 1)[0] as number;
  }

  u32(field: string): number {
    const b = this.take(field, 4);
    return new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);
  }

  /** A canonical SCALE compact integer up to 2^32 - 1. */
  compact(field: string): number {
    const first = this.u8(field);
    switch (first & 0b11) {
      case 0:
        return first >>> 2;
      case 1: {
        const value = (first | (this.u8(field) << 8)) >>> 2;
        if (value < 0x40) throw malformed(field, 'non-canonical compact integer');
        return value;
      }
      case 2: {
        const rest = this.take(field, 3);
        const value = ((first | (rest[0]! << 8) | (rest[1]! << 16) | (rest[2]! << 24)) >>> 0) >>> 2;
        if (value < 0x4000) throw malformed(field, 'non-canonical compact integer');
        return value;
      }
      default: {
        if (first >>> 2 !== 0) throw malformed(field, 'compact integer too large');
        const value = this.u32(field);
        if (value < 0x40000000) throw malformed(field, 'non-canonical compact integer');
        return value;
      }
    }
  }

  length(field: string, max: number): number {
    const n = this.compact(field);
    if (n > max) throw malformed(field, `length ${n} exceeds ${max}`);
    return n;
  }

  fixed(field: string, length: number): Uint8Array {
    return this.take(field, length);
  }

  end(): void {
    if (this.offset !== this.input.length) throw malformed('OCWMessage', 'trailing bytes');
  }
}

function checkFixed(field: string, bytes: Uint8Array, length: number): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length)
    throw malformed(field, `must be ${length} bytes`);
}

function writeMember(w: ScaleWriter, m: CommitteeMember): void {
  if (!Number.isInteger(m.signingGroup) || m.signingGroup < 0 || m.signingGroup > 255) {
    throw malformed('committee.signingGroup', 'must be a u8');
  }
  checkFixed('committee.stash', m.stash, 32);
  checkFixed('committee.tssAccount', m.tssAccount, 32);
  checkFixed('committee.x25519PublicKey', m.x25519PublicKey, 32);
  const endpoint = utf8Encoder.encode(m.endpoint);
  if (endpoint.length > OCW_LIMITS.endpointBytes) throw malformed('committee.endpoint', 'too long');
  w.u8(m.signingGroup).fixed(m.stash).fixed(m.tssAccount).fixed(m.x25519PublicKey).bytes(endpoint);
}

function readMember(r: ScaleReader): CommitteeMember {
  const signingGroup = r.u8('committee.signingGroup');
  const stash = r.fixed('committee.stash', 32);
  const tssAccount = r.fixed('committee.tssAccount', 32);
  const x25519PublicKey = r.fixed('committee.x25519PublicKey', 32);
  const endpointBytes = r.fixed(
    'committee.endpoint',
    r.length('committee.endpoint', OCW_LIMITS.endpointBytes),
  );
  let endpoint: string;
  try {
    endpoint = utf8Decoder.decode(endpointBytes);
  } catch {
    throw malformed('committee.endpoint', 'not UTF-8');
  }
  return { signingGroup, stash, tssAccount, x25519PublicKey, endpoint };
}

function writeRelayerMessage(w: ScaleWriter, m: RelayerMessage): void {
  checkFixed('message.account', m.account, 32);
  checkFixed('message.sigRequest.sigHash', m.sigRequest.sigHash, 32);
  if (m.committee.length > OCW_LIMITS.committee) throw malformed('message.committee', 'too many members');
  w.fixed(m.account).fixed(m.sigRequest.sigHash).compact(m.committee.length);
  for (const member of m.committee) writeMember(w, member);
}

function readRelayerMessage(r: ScaleReader): RelayerMessage {
  const account = r.fixed('message.account', 32);
  const sigHash = r.fixed('message.sigRequest.sigHash', 32);
  const count = r.length('message.committee', OCW_LIMITS.committee);
  const committee: CommitteeMember[] = [];
  for (let i = 0; i < count; i++) committee.push(readMember(r));
  return { account, sigRequest: { sigHash }, committee };
}

/** The SCALE body of `POST /signer/new_party`. */
export function encodeOcwMessage(message: OcwMessage): Uint8Array {
  if (!Number.isInteger(message.blockNumber) || message.blockNumber < 0 || message.blockNumber > 0xffffffff) {
    throw malformed('blockNumber', 'must be a u32');
  }
  if (message.messages.length > OCW_LIMITS.messages) throw malformed('messages', 'too many messages');
  const w = new ScaleWriter().compact(message.messages.length);
  for (const m of message.messages) writeRelayerMessage(w, m);
  return w.u32(message.blockNumber).finish();
}

/** Strict decoder: any truncation, trailing byte, over-long field or bad UTF-8 is a `WireError`. */
export function decodeOcwMessage(bytes: Uint8Array): OcwMessage {
  const r = new ScaleReader(bytes);
  const count = r.length('messages', OCW_LIMITS.messages);
  const messages: RelayerMessage[] = [];
  for (let i = 0; i < count; i++) messages.push(readRelayerMessage(r));
  const blockNumber = r.u32('blockNumber');
  r.end();
  return { messages, blockNumber };
}

/** SCALE encoding of one message as `relayer.messages` stores it (an element of the `Vec`). */
export function encodeRelayerMessage(message: RelayerMessage): Uint8Array {
  const w = new ScaleWriter();
  writeRelayerMessage(w, message);
  return w.finish();
}

/** Whether two messages are the same request for the same committee, byte for byte. */
export function sameRelayerMessage(a: RelayerMessage, b: RelayerMessage): boolean {
  const x = encodeRelayerMessage(a);
  const y = encodeRelayerMessage(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
