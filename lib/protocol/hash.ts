import { sha512 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { mod } from './curve';
import { sha256 } from './sha256';

/**
 * Hashing with unambiguous encoding. Every input is length-prefixed (u32 big-endian) and every hash
 * starts with a protocol-wide domain and a per-use tag, so no two different input lists can collide
 * by concatenation (the ambiguity behind CVE-2022-47931).
 */
const PROTOCOL_DOMAIN = utf8ToBytes('entropy-wallet/dkls23/v1');

function lengthPrefix(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
}

type Hasher = ReturnType<typeof sha512.create>;

function absorb(h: Hasher, part: Uint8Array): void {
  h.update(lengthPrefix(part.length));
  h.update(part);
}

function start<H extends Hasher>(h: H, tag: string): H {
  absorb(h, PROTOCOL_DOMAIN);
  absorb(h, utf8ToBytes(tag));
  return h;
}

export function u32Bytes(n: number): Uint8Array {
  return lengthPrefix(n);
}

export function utf8(s: string): Uint8Array {
  return utf8ToBytes(s);
}

/**
 * SHA-256 of (domain, tag, parts…), all length-prefixed: the same bytes laid out in one buffer and
 * hashed at once (replaces an update per prefix and part, each a call into `sha256.ts`'s WebAssembly).
 */
export function taggedHash(tag: string, ...parts: Uint8Array[]): Uint8Array {
  const tagBytes = utf8ToBytes(tag);
  let length = 8 + PROTOCOL_DOMAIN.length + tagBytes.length;
  for (const p of parts) length += 4 + p.length;
  const input = new Uint8Array(length);
  const view = new DataView(input.buffer);
  let at = 0;
  for (const p of [PROTOCOL_DOMAIN, tagBytes, ...parts]) {
    view.setUint32(at, p.length);
    input.set(p, at + 4);
    at += 4 + p.length;
  }
  return sha256(input);
}

/** A scalar from SHA-512 of (domain, tag, parts…) reduced mod q (bias < 2^-256). */
export function hashToScalar(tag: string, ...parts: Uint8Array[]): bigint {
  const h = start(sha512.create(), tag);
  for (const p of parts) absorb(h, p);
  let x = 0n;
  for (const b of h.digest()) x = (x << 8n) | BigInt(b);
  return mod(x);
}

/**
 * A Fiat–Shamir transcript: an append-only list of labelled, length-prefixed values. Challenges hash
 * everything appended so far plus their own label, so they are bound to the whole conversation,
 * which callers start with the session id and the party ids.
 */
export class Transcript {
  private readonly hasher: ReturnType<typeof sha512.create>;

  constructor(tag: string) {
    this.hasher = start(sha512.create(), `transcript/${tag}`);
  }

  append(label: string, data: Uint8Array): this {
    absorb(this.hasher, utf8ToBytes(label));
    absorb(this.hasher, data);
    return this;
  }

  appendParties(label: string, parties: readonly string[]): this {
    this.append(label, lengthPrefix(parties.length));
    for (const p of parties) this.append('party', utf8ToBytes(p));
    return this;
  }

  /** A non-zero scalar challenge; the transcript itself is left unchanged. */
  challengeScalar(label: string): bigint {
    for (let counter = 0; ; counter++) {
      const h = this.hasher.clone();
      absorb(h, utf8ToBytes(label));
      absorb(h, lengthPrefix(counter));
      let x = 0n;
      for (const b of h.digest()) x = (x << 8n) | BigInt(b);
      const c = mod(x);
      if (c !== 0n) return c;
    }
  }

  /** 32 challenge bytes (e.g. a PRG seed for many challenges); the transcript is left unchanged. */
  challengeBytes(label: string): Uint8Array {
    const h = this.hasher.clone();
    absorb(h, utf8ToBytes(label));
    return h.digest().slice(0, 32);
  }
}
