import { taggedHash } from './hash';

/**
 * PRGs on ChaCha20. An OT seed is used directly as the key and the run context picks the 96-bit nonce
 * (a hash of the session, the pair and the OT receiver's fresh 32-byte nonce), so every expansion of a
 * seed differs from run to run and no correlation is reused; nonces collide only after ~2^48 runs of
 * one pair.
 */
export function prgNonce(tag: string, context: Uint8Array): Uint8Array {
  return taggedHash(`prg/${tag}`, context).subarray(0, 12);
}

const ZERO_NONCE = new Uint8Array(12);
// "expand 32-byte k"
const SIGMA = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574];
// One keystream block, reused by every call (the protocol is single-threaded).
const blockBytes = new Uint8Array(64);
const blockView = new DataView(blockBytes.buffer);

const rotl = (a: number, b: number) => (a << b) | (a >>> (32 - b));

/** The ChaCha20 block function (RFC 8439 §2.3): 20 rounds over the state, plus the state. */
// prettier-ignore
function chachaBlock(k: DataView, counter: number, n: DataView): void {
  const [s0, s1, s2, s3] = SIGMA as [number, number, number, number];
  const k0 = k.getUint32(0, true), k1 = k.getUint32(4, true), k2 = k.getUint32(8, true), k3 = k.getUint32(12, true);
  const k4 = k.getUint32(16, true), k5 = k.getUint32(20, true), k6 = k.getUint32(24, true), k7 = k.getUint32(28, true);
  const n0 = n.getUint32(0, true), n1 = n.getUint32(4, true), n2 = n.getUint32(8, true);
  let x0 = s0, x1 = s1, x2 = s2, x3 = s3, x4 = k0, x5 = k1, x6 = k2, x7 = k3;
  let x8 = k4, x9 = k5, x10 = k6, x11 = k7, x12 = counter, x13 = n0, x14 = n1, x15 = n2;
  for (let r = 0; r < 10; r++) {
    // Column rounds.
    x0 = (x0 + x4) | 0; x12 = rotl(x12 ^ x0, 16); x8 = (x8 + x12) | 0; x4 = rotl(x4 ^ x8, 12);
    x0 = (x0 + x4) | 0; x12 = rotl(x12 ^ x0, 8); x8 = (x8 + x12) | 0; x4 = rotl(x4 ^ x8, 7);
    x1 = (x1 + x5) | 0; x13 = rotl(x13 ^ x1, 16); x9 = (x9 + x13) | 0; x5 = rotl(x5 ^ x9, 12);
    x1 = (x1 + x5) | 0; x13 = rotl(x13 ^ x1, 8); x9 = (x9 + x13) | 0; x5 = rotl(x5 ^ x9, 7);
    x2 = (x2 + x6) | 0; x14 = rotl(x14 ^ x2, 16); x10 = (x10 + x14) | 0; x6 = rotl(x6 ^ x10, 12);
    x2 = (x2 + x6) | 0; x14 = rotl(x14 ^ x2, 8); x10 = (x10 + x14) | 0; x6 = rotl(x6 ^ x10, 7);
    x3 = (x3 + x7) | 0; x15 = rotl(x15 ^ x3, 16); x11 = (x11 + x15) | 0; x7 = rotl(x7 ^ x11, 12);
    x3 = (x3 + x7) | 0; x15 = rotl(x15 ^ x3, 8); x11 = (x11 + x15) | 0; x7 = rotl(x7 ^ x11, 7);
    // Diagonal rounds.
    x0 = (x0 + x5) | 0; x15 = rotl(x15 ^ x0, 16); x10 = (x10 + x15) | 0; x5 = rotl(x5 ^ x10, 12);
    x0 = (x0 + x5) | 0; x15 = rotl(x15 ^ x0, 8); x10 = (x10 + x15) | 0; x5 = rotl(x5 ^ x10, 7);
    x1 = (x1 + x6) | 0; x12 = rotl(x12 ^ x1, 16); x11 = (x11 + x12) | 0; x6 = rotl(x6 ^ x11, 12);
    x1 = (x1 + x6) | 0; x12 = rotl(x12 ^ x1, 8); x11 = (x11 + x12) | 0; x6 = rotl(x6 ^ x11, 7);
    x2 = (x2 + x7) | 0; x13 = rotl(x13 ^ x2, 16); x8 = (x8 + x13) | 0; x7 = rotl(x7 ^ x8, 12);
    x2 = (x2 + x7) | 0; x13 = rotl(x13 ^ x2, 8); x8 = (x8 + x13) | 0; x7 = rotl(x7 ^ x8, 7);
    x3 = (x3 + x4) | 0; x14 = rotl(x14 ^ x3, 16); x9 = (x9 + x14) | 0; x4 = rotl(x4 ^ x9, 12);
    x3 = (x3 + x4) | 0; x14 = rotl(x14 ^ x3, 8); x9 = (x9 + x14) | 0; x4 = rotl(x4 ^ x9, 7);
  }
  const v = blockView;
  v.setUint32(0, x0 + s0, true); v.setUint32(4, x1 + s1, true); v.setUint32(8, x2 + s2, true);
  v.setUint32(12, x3 + s3, true); v.setUint32(16, x4 + k0, true); v.setUint32(20, x5 + k1, true);
  v.setUint32(24, x6 + k2, true); v.setUint32(28, x7 + k3, true); v.setUint32(32, x8 + k4, true);
  v.setUint32(36, x9 + k5, true); v.setUint32(40, x10 + k6, true); v.setUint32(44, x11 + k7, true);
  v.setUint32(48, x12 + counter, true); v.setUint32(52, x13 + n0, true); v.setUint32(56, x14 + n1, true);
  v.setUint32(60, x15 + n2, true);
}

/**
 * `length` pseudo-random bytes: the ChaCha20 keystream (RFC 8439 §2.4, block counter from 0) of a
 * 32-byte key and a 12-byte nonce, written into `out` if given. Replaces noble's `chacha20(key,
 * nonce, zeros, out)`, whose per-call set-up (copies, views, checks) cost more than the ChaCha rounds
 * for the protocol's many short outputs (two blocks per OT row pad); prg.test.ts compares the two.
 */
export function expand(
  key: Uint8Array,
  length: number,
  nonce: Uint8Array = ZERO_NONCE,
  out: Uint8Array = new Uint8Array(length),
): Uint8Array {
  // The views below read 32 and 12 bytes from the arrays' offsets whatever their lengths: a wrong
  // slice of a seed table would otherwise read its neighbour's bytes.
  if (key.length !== 32 || nonce.length !== 12)
    throw new RangeError('ChaCha20 takes a 32-byte key and a 12-byte nonce');
  const k = new DataView(key.buffer, key.byteOffset, 32);
  const n = new DataView(nonce.buffer, nonce.byteOffset, 12);
  for (let pos = 0, counter = 0; pos < length; pos += 64, counter++) {
    chachaBlock(k, counter, n);
    out.set(length - pos >= 64 ? blockBytes : blockBytes.subarray(0, length - pos), pos);
  }
  return out;
}
