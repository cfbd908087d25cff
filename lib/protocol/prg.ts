import { xchacha20 } from '@noble/ciphers/chacha.js';
import { taggedHash } from './hash';

/**
 * PRGs on XChaCha20. An OT seed is used directly as the key and the run context picks the 192-bit
 * nonce, so every expansion is keyed by the session, the pair and the OT receiver's fresh nonce:
 * no correlation is ever reused across runs.
 */
export function prgNonce(tag: string, context: Uint8Array): Uint8Array {
  return taggedHash(`prg/${tag}`, context).subarray(0, 24);
}

/** `length` pseudo-random bytes from a 32-byte key and a 24-byte nonce (into `out` if given). */
export function expand(
  key: Uint8Array,
  length: number,
  nonce: Uint8Array = ZERO_NONCE,
  out?: Uint8Array,
): Uint8Array {
  const zeros = length <= ZEROS.length ? ZEROS.subarray(0, length) : new Uint8Array(length);
  return xchacha20(key, nonce, zeros, out);
}

const ZERO_NONCE = new Uint8Array(24);
const ZEROS = new Uint8Array(256);
