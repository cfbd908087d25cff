/**
 * Test-only helpers for the `lib/wire` tests: a seeded generator (so a failing fuzz case reproduces),
 * an assertion that a call fails with a given `WireError` code, and frames re-signed or re-sealed by hand
 * from docs/wire.md with noble's primitives (what a forger without our code would do).
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { expect } from 'vitest';
import { ByteWriter, utf8 } from './codec';
import { WireError } from './errors';
import { encodeFrame, type BroadcastFrame, type DirectFrame } from './frame';

/** xorshift32: deterministic bytes from a seed. Not for keys. */
export function seededRandom(seed: number): { int(max: number): number; bytes(length: number): Uint8Array } {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  return {
    int: (max) => next() % max,
    bytes: (length) => Uint8Array.from({ length }, () => next() & 0xff),
  };
}

/** Runs `fn` and returns the `WireError` it threw; fails the test if it threw anything else or nothing. */
export function wireErrorOf(fn: () => unknown): WireError {
  try {
    fn();
  } catch (error) {
    if (error instanceof WireError) return error;
    throw new Error(`expected a WireError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a WireError, but nothing was thrown');
}

/** Asserts `fn` throws a `WireError` with `code`. */
export function expectWireError(fn: () => unknown, code: string): void {
  expect(wireErrorOf(fn).code).toBe(code);
}

/** A copy of `bytes` with bit 0 of byte `index` flipped. */
export function flipBit(bytes: Uint8Array, index = 0): Uint8Array {
  const out = bytes.slice();
  out[index] = (out[index] as number) ^ 1;
  return out;
}

/**
 * Re-signs a (possibly altered) broadcast frame as `signer`, following docs/wire.md with noble's Ed25519: a new
 * frame key, certified by `signer` for the frame's sender (or `certifiedSender`), signs the domain, every byte
 * before the payload, and the payload's SHA-256.
 */
export function resign(
  frame: BroadcastFrame,
  signer: { publicKey: Uint8Array; sign(data: Uint8Array): Uint8Array },
  certifiedSender: string = frame.sender,
): Uint8Array {
  const seed = ed25519.utils.randomSecretKey();
  const frameKey = ed25519.getPublicKey(seed);
  const certified = new ByteWriter()
    .bytes8(utf8('domain', 'entropy-wallet/v3/frame/key'))
    .bytes8(utf8('sender', certifiedSender))
    .fixed(frameKey)
    .finish();
  const unsigned = {
    ...frame,
    senderAccount: signer.publicKey,
    frameKey,
    keySignature: signer.sign(certified),
  };
  const body = encodeFrame({ ...unsigned, signature: new Uint8Array(64) }).slice(0, -64);
  const prefix = body.subarray(0, body.length - frame.payload.length);
  const signed = new ByteWriter()
    .bytes8(utf8('domain', 'entropy-wallet/v3/frame/signature'))
    .fixed(prefix)
    .fixed(sha256(frame.payload))
    .finish();
  return new ByteWriter().fixed(body).fixed(ed25519.sign(signed, seed)).finish();
}

/**
 * The point-to-point channel key docs/wire.md defines: HKDF-SHA256 over X25519(`secretKey`, `peerPublicKey`),
 * salted with the sender's then the recipient's public key.
 */
export function channelKeyOf(
  secretKey: Uint8Array,
  peerPublicKey: Uint8Array,
  senderX25519: Uint8Array,
  recipientX25519: Uint8Array,
): Uint8Array {
  const shared = x25519.getSharedSecret(secretKey, peerPublicKey);
  const salt = new ByteWriter().fixed(senderX25519).fixed(recipientX25519).finish();
  return hkdf(sha256, shared, salt, new TextEncoder().encode('entropy-wallet/v1/frame/key'), 32);
}

/**
 * Seals a point-to-point frame by hand: `header`'s fields as given (whatever they claim), the payload
 * encrypted under `key` with the header as associated data.
 */
export function sealDirectWith(
  header: Omit<DirectFrame, 'nonce' | 'ciphertext'>,
  key: Uint8Array,
  plaintext: Uint8Array,
): Uint8Array {
  const placeholder = encodeFrame({ ...header, nonce: new Uint8Array(24), ciphertext: new Uint8Array(16) });
  const associatedData = placeholder.subarray(0, placeholder.length - 24 - 4 - 16);
  const nonce = randomBytes(24);
  const ciphertext = xchacha20poly1305(key, nonce, associatedData).encrypt(plaintext);
  return encodeFrame({ ...header, nonce, ciphertext });
}
