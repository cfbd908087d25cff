import { randomBytes } from '@noble/curves/utils.js';
import * as secp from 'tiny-secp256k1';
import { ProtocolError } from './errors';

/**
 * secp256k1 point arithmetic in libsecp256k1 (bitcoinjs' WebAssembly build, `tiny-secp256k1`) for the
 * base OT, where noble's BigInt arithmetic took ~90 % of the DKG. Both multiplications are constant-time
 * (k·G: ecmult_gen; k·P: ecmult_const). Points are SEC1 encodings: 33-byte compressed where they are
 * sent or hashed, 65-byte uncompressed in between (parsing those needs no square root).
 *
 * Node loads the package's .wasm from disk; the extension's build embeds it (wxt.config.ts), since the
 * service worker may not use top-level await.
 */
export const COMPRESSED = 33;
export const UNCOMPRESSED = 65;

function internal(reason: string, cause?: unknown): ProtocolError {
  return new ProtocolError(`secp256k1 (libsecp256k1): ${reason}`, { code: 'INTERNAL', cause });
}

/** Runs a tiny-secp256k1 call; its TypeErrors (a malformed point or scalar) become ProtocolErrors. */
function call<T>(what: string, f: () => T | null): T {
  let out: T | null;
  try {
    out = f();
  } catch (e) {
    throw internal(`${what}: ${e instanceof Error ? e.message : String(e)}`, e);
  }
  if (out === null) throw internal(`${what} is the point at infinity`);
  return out;
}

/** A uniformly random scalar in [1, q) as 32 big-endian bytes (rejection sampling: no bias). */
export function randomScalarBytes(): Uint8Array {
  for (;;) {
    const k = randomBytes(32);
    if (secp.isPrivate(k)) return k;
  }
}

/** k·G for a non-zero k. */
export function mulBase(
  k: Uint8Array,
  out: typeof COMPRESSED | typeof UNCOMPRESSED = UNCOMPRESSED,
): Uint8Array {
  return call('k·G', () => secp.pointFromScalar(k, out === COMPRESSED));
}

/** k·P for a non-zero k. */
export function mul(P: Uint8Array, k: Uint8Array, out: typeof COMPRESSED | typeof UNCOMPRESSED): Uint8Array {
  return call('k·P', () => secp.pointMultiply(P, k, out === COMPRESSED));
}

/** P + Q, or undefined when it is the identity (Q = −P). */
export function add(
  P: Uint8Array,
  Q: Uint8Array,
  out: typeof COMPRESSED | typeof UNCOMPRESSED,
): Uint8Array | undefined {
  try {
    return secp.pointAdd(P, Q, out === COMPRESSED) ?? undefined;
  } catch (e) {
    throw internal(`P + Q: ${e instanceof Error ? e.message : String(e)}`, e);
  }
}

/** Σ P_i of uncompressed points, uncompressed; undefined when it is the identity. */
export function sum(points: Uint8Array[]): Uint8Array | undefined {
  let acc: Uint8Array | undefined;
  // An intermediate identity (undefined) plus P is P.
  for (const P of points) acc = acc === undefined ? P : add(acc, P, UNCOMPRESSED);
  return acc;
}

/**
 * ECDSA verification of a 64-byte r‖s over a 32-byte hash (no prehash), rejecting high s as noble's
 * `verify` does by default. All inputs are public (libsecp256k1's variable-time verification).
 */
export function verifyEcdsa(hash: Uint8Array, publicKey: Uint8Array, signature: Uint8Array): boolean {
  try {
    return secp.verify(hash, publicKey, signature, true);
  } catch (e) {
    throw internal(`verify: ${e instanceof Error ? e.message : String(e)}`, e);
  }
}

/** The 33-byte encoding of a valid point given in either encoding. */
export function compress(P: Uint8Array): Uint8Array {
  return call('compress', () => secp.pointCompress(P, true));
}

/** The 65-byte encoding of a valid point given in either encoding. */
export function uncompress(P: Uint8Array): Uint8Array {
  return call('uncompress', () => secp.pointCompress(P, false));
}

/** −P for a compressed P: the other y has the other parity. */
export function negateCompressed(P: Uint8Array): Uint8Array {
  const out = P.slice();
  out[0] = out[0]! ^ 1;
  return out;
}

/**
 * Strict decoding of an untrusted 33-byte compressed point (prefix 2 or 3, x < p, on the curve; the
 * identity has no such encoding), uncompressed. Undefined when invalid.
 */
export function decodeCompressed(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length !== COMPRESSED) return undefined;
  try {
    return secp.pointCompress(bytes, false);
  } catch {
    return undefined; // tiny-secp256k1's "Expected Point"
  }
}
