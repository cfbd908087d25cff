import { chacha20 } from '@noble/ciphers/chacha.js';
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
const zeroBuffers = new Map<number, Uint8Array>();

/** `length` pseudo-random bytes from a 32-byte key and a 12-byte nonce (written into `out` if given). */
export function expand(
  key: Uint8Array,
  length: number,
  nonce: Uint8Array = ZERO_NONCE,
  out?: Uint8Array,
): Uint8Array {
  let zeros = zeroBuffers.get(length);
  if (!zeros) zeroBuffers.set(length, (zeros = new Uint8Array(length)));
  return chacha20(key, nonce, zeros, out);
}
