import { chacha20 } from '@noble/ciphers/chacha.js';
import { taggedHash } from './hash';

/**
 * PRG: ChaCha20 keystream under a key derived from (seed, context). Every expansion of an OT seed is
 * keyed by the session and the pair, so no correlation is ever reused across runs.
 */
const ZERO_NONCE = new Uint8Array(12);

export function prgKey(tag: string, seed: Uint8Array, context: Uint8Array): Uint8Array {
  return taggedHash(`prg/${tag}`, seed, context);
}

export function expand(key: Uint8Array, length: number): Uint8Array {
  return chacha20(key, ZERO_NONCE, new Uint8Array(length));
}
