/**
 * The hash, cipher, key agreement, frame signatures and base64 decoding every frame and envelope goes
 * through, behind one small provider so a platform with faster native code can use it: the default is
 * noble's JavaScript (the wallet's service worker, whose WebCrypto is asynchronous; Ed25519 in
 * schnorrkel's WebAssembly package once loaded, as sr25519 is), and a Node process (the TSS servers, the
 * benchmarks) sets OpenSSL's at start-up (`devnet/tss/native-primitives.ts`). Every provider produces the
 * same bytes: what is on the wire does not depend on who sealed it.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  ed25519KeypairFromSeed,
  ed25519Sign as wasmEd25519Sign,
  ed25519Verify as wasmEd25519Verify,
  isReady as wasmReady,
} from '@polkadot/wasm-crypto';

export interface WirePrimitives {
  /** For diagnostics and benchmarks. */
  readonly name: string;
  sha256(data: Uint8Array): Uint8Array;
  /**
   * XChaCha20-Poly1305 with a 24-byte nonce: the ciphertext with its 16-byte tag at the end, written into
   * `output` when given (exactly the plaintext's length plus 16: a frame's place for it), which is returned.
   */
  seal(
    key: Uint8Array,
    nonce: Uint8Array,
    associatedData: Uint8Array,
    plaintext: Uint8Array,
    output?: Uint8Array,
  ): Uint8Array;
  /** Inverse of `seal`; throws (anything) when the tag does not verify. */
  open(key: Uint8Array, nonce: Uint8Array, associatedData: Uint8Array, sealed: Uint8Array): Uint8Array;
  x25519PublicKey(secretKey: Uint8Array): Uint8Array;
  /** The X25519 shared secret; throws (anything) for a low-order public key (an all-zero result). */
  x25519(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array;
  /**
   * The bytes of `text` if it is canonical padded standard base64 (RFC 4648 §4: that alphabet only, no
   * whitespace, padded to a multiple of four, zero bits where padding leaves some over), else null:
   * every byte string has exactly one accepted text. An SSE frame event is one such text.
   */
  base64ToBytes(text: string): Uint8Array | null;
  /** The Ed25519 (RFC 8032) public key of a 32-byte seed. */
  ed25519PublicKey(seed: Uint8Array): Uint8Array;
  /** The Ed25519 signature (64 bytes, deterministic) of `message` by the key of `seed` (public key given). */
  ed25519Sign(seed: Uint8Array, publicKey: Uint8Array, message: Uint8Array): Uint8Array;
  /** Whether `signature` is `publicKey`'s Ed25519 signature of `message`; false (never a throw) for bad keys. */
  ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * `atob` is native in browsers and Node, and refuses every character outside the alphabet, but forgives
 * whitespace and missing padding (the length checks catch both) and stray bits (checked here).
 */
function strictAtob(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  // The last digit before the padding may only carry bits that end up in a byte.
  if (
    padding > 0 &&
    BASE64_ALPHABET.indexOf(text.charAt(text.length - padding - 1)) & (padding === 2 ? 0x0f : 0x03)
  )
    return null;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  if (binary.length !== (text.length / 4) * 3 - padding) return null;
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** `output`, which a provider's `seal` was given, if it has exactly `length` bytes; else it throws. */
export function checkedOutput(output: Uint8Array, length: number): Uint8Array {
  if (output.length !== length) {
    throw new RangeError(`seal's output must be ${length} bytes, not ${output.length}`);
  }
  return output;
}

export const noblePrimitives: WirePrimitives = {
  name: 'noble',
  sha256: (data) => sha256(data),
  seal: (key, nonce, associatedData, plaintext, output) => {
    const sealed = xchacha20poly1305(key, nonce, associatedData).encrypt(plaintext);
    if (!output) return sealed;
    // noble writes only into 4-byte-aligned memory, which a frame's place for the ciphertext need not be.
    checkedOutput(output, sealed.length).set(sealed);
    return output;
  },
  open: (key, nonce, associatedData, sealed) => xchacha20poly1305(key, nonce, associatedData).decrypt(sealed),
  x25519PublicKey: (secretKey) => x25519.getPublicKey(secretKey),
  // noble refuses the low-order points before the ladder.
  x25519: (secretKey, publicKey) => x25519.getSharedSecret(secretKey, publicKey),
  base64ToBytes: strictAtob,
  // schnorrkel's WebAssembly package (ed25519-dalek) when loaded: noble's Ed25519 costs several times as much.
  ed25519PublicKey: (seed) =>
    wasmReady() ? ed25519KeypairFromSeed(seed).slice(32) : ed25519.getPublicKey(seed),
  ed25519Sign: (seed, publicKey, message) =>
    wasmReady() ? wasmEd25519Sign(publicKey, seed, message) : ed25519.sign(message, seed),
  ed25519Verify: (publicKey, message, signature) => {
    if (publicKey.length !== 32 || signature.length !== 64) return false;
    try {
      return wasmReady()
        ? wasmEd25519Verify(signature, message, publicKey)
        : ed25519.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false;
    }
  },
};

let current: WirePrimitives = noblePrimitives;

/** The provider `lib/wire` uses from now on (once, at a process's start-up). */
export function setWirePrimitives(primitives: WirePrimitives): void {
  current = primitives;
}

export function wirePrimitives(): WirePrimitives {
  return current;
}
