import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import { hexToU8a, isHex, u8aToHex } from '@polkadot/util';

/** An XChaCha20-Poly1305 ciphertext with its random 24-byte nonce, JSON-safe. */
export interface SealedBox {
  nonce: `0x${string}`;
  ciphertext: `0x${string}`;
}

const NONCE_BYTES = 24;
const TAG_BYTES = 16;

/** Associated data: binds a ciphertext to what it is (record kind, version, name). */
export function associatedData(...parts: string[]): Uint8Array {
  // NUL cannot occur in our labels, so the joined parts are unambiguous.
  return new TextEncoder().encode(parts.join('\0'));
}

export function seal(key: Uint8Array, plaintext: Uint8Array, ad: Uint8Array): SealedBox {
  // 192-bit random nonces: collisions are negligible without any counter state.
  const nonce = randomBytes(NONCE_BYTES);
  const ciphertext = xchacha20poly1305(key, nonce, ad).encrypt(plaintext);
  return { nonce: u8aToHex(nonce), ciphertext: u8aToHex(ciphertext) };
}

/** The plaintext, or undefined when the key, nonce, ciphertext or associated data do not match. */
export function open(key: Uint8Array, box: SealedBox, ad: Uint8Array): Uint8Array | undefined {
  try {
    return xchacha20poly1305(key, hexToU8a(box.nonce), ad).decrypt(hexToU8a(box.ciphertext));
  } catch {
    return undefined;
  }
}

/** Checks the shape of a box read from storage or a file; undefined when malformed. */
export function parseSealedBox(value: unknown): SealedBox | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { nonce, ciphertext } = value as Record<string, unknown>;
  if (typeof nonce !== 'string' || !isHex(nonce, NONCE_BYTES * 8)) return undefined;
  if (typeof ciphertext !== 'string' || !isHex(ciphertext) || ciphertext.length < 2 + TAG_BYTES * 2) {
    return undefined;
  }
  return { nonce: nonce as `0x${string}`, ciphertext: ciphertext as `0x${string}` };
}
