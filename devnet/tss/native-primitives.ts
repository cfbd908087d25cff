/**
 * `lib/wire`'s hash, cipher and key agreement on Node's OpenSSL: SHA-256 at about four times noble's
 * speed here, ChaCha20-Poly1305 and X25519 natively. XChaCha20-Poly1305 is HChaCha20 (noble: one block, to derive the subkey
 * from the key and the nonce's first 16 bytes) then the IETF ChaCha20-Poly1305 with that subkey and the
 * nonce `0⁴ ‖ nonce[16..24]` (draft-irtf-cfrg-xchacha §2.3) — the same bytes as noble's
 * `xchacha20poly1305` (`native-primitives.test.ts`). The TSS servers set it at start-up; the wallet keeps
 * noble.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { hchacha } from '@noble/ciphers/chacha.js';
import { checkedOutput, type WirePrimitives } from '../../lib/wire';

const KEY_BYTES = 32;
const NONCE_BYTES = 24;
const TAG_BYTES = 16;
/** "expand 32-byte k" as four little-endian words. */
const SIGMA = new Uint32Array([0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]);

function words(bytes: Uint8Array): Uint32Array {
  const out = new Uint32Array(bytes.length / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let i = 0; i < out.length; i++) out[i] = view.getUint32(4 * i, true);
  return out;
}

/** The ChaCha20-Poly1305 key and 12-byte nonce an XChaCha20-Poly1305 key and 24-byte nonce stand for. */
function ietfParameters(key: Uint8Array, nonce: Uint8Array): { subkey: Buffer; nonce12: Buffer } {
  if (key.length !== KEY_BYTES) throw new Error(`XChaCha20-Poly1305 key must be ${KEY_BYTES} bytes`);
  if (nonce.length !== NONCE_BYTES) throw new Error(`XChaCha20-Poly1305 nonce must be ${NONCE_BYTES} bytes`);
  const out = new Uint32Array(8);
  hchacha(SIGMA, words(key), words(nonce.subarray(0, 16)), out);
  const subkey = Buffer.alloc(KEY_BYTES);
  for (let i = 0; i < 8; i++) subkey.writeUInt32LE(out[i]!, 4 * i);
  out.fill(0);
  const nonce12 = Buffer.alloc(12);
  nonce12.set(nonce.subarray(16), 4);
  return { subkey, nonce12 };
}

/**
 * A raw X25519 key as an OpenSSL key object. Through JWK: Node imports it as raw bytes, where a DER key
 * goes through OpenSSL 3's decoders (about four times the cost of the agreement itself). For a private
 * key JWK requires an `x` field but does not read it.
 */
function privateKey(secretKey: Uint8Array): KeyObject {
  if (secretKey.length !== KEY_BYTES) throw new Error(`X25519 secret key must be ${KEY_BYTES} bytes`);
  const d = Buffer.from(secretKey.buffer, secretKey.byteOffset, secretKey.length).toString('base64url');
  return createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d, x: '' }, format: 'jwk' });
}

function publicKey(bytes: Uint8Array): KeyObject {
  if (bytes.length !== KEY_BYTES) throw new Error(`X25519 public key must be ${KEY_BYTES} bytes`);
  const x = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x }, format: 'jwk' });
}

const b64url = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64url');

/**
 * Ed25519 keys as OpenSSL key objects (imported through JWK, as the X25519 ones), remembered: a frame key
 * signs every frame of its session, and each receiver checks several frames under it. A private key by
 * its seed array (no copy of the secret as text; the caller drops the array when the key retires), public
 * keys by their bytes, bounded.
 */
const privateEd25519Keys = new WeakMap<Uint8Array, KeyObject>();
const MAX_PUBLIC_ED25519_KEYS = 256;
const publicEd25519Keys = new Map<string, KeyObject>();

function ed25519PrivateKey(seed: Uint8Array): KeyObject {
  if (seed.length !== KEY_BYTES) throw new Error(`Ed25519 seed must be ${KEY_BYTES} bytes`);
  let key = privateEd25519Keys.get(seed);
  if (!key) {
    key = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: b64url(seed), x: '' }, format: 'jwk' });
    privateEd25519Keys.set(seed, key);
  }
  return key;
}

function ed25519PublicKey(bytes: Uint8Array): KeyObject {
  const id = b64url(bytes);
  let key = publicEd25519Keys.get(id);
  if (!key) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: id }, format: 'jwk' });
    if (publicEd25519Keys.size >= MAX_PUBLIC_ED25519_KEYS)
      publicEd25519Keys.delete(publicEd25519Keys.keys().next().value as string);
    publicEd25519Keys.set(id, key);
  }
  return key;
}

export const nativePrimitives: WirePrimitives = {
  name: 'node:crypto',
  sha256: (data) => {
    const digest = createHash('sha256').update(data).digest();
    return new Uint8Array(digest.buffer, digest.byteOffset, digest.length);
  },
  x25519PublicKey: (secretKey) => {
    const { x } = createPublicKey(privateKey(secretKey)).export({ format: 'jwk' });
    return Uint8Array.from(Buffer.from(x as string, 'base64url'));
  },
  // OpenSSL refuses an all-zero result, which is what every low-order point gives.
  x25519: (secretKey, peer) => {
    const shared = diffieHellman({ privateKey: privateKey(secretKey), publicKey: publicKey(peer) });
    return new Uint8Array(shared.buffer, shared.byteOffset, shared.length);
  },
  // Node's decoder is lenient (it skips stray characters and reads the URL-safe alphabet too): the text
  // is accepted only if it is exactly the canonical encoding of what was decoded.
  base64ToBytes: (text) => {
    const bytes = Buffer.from(text, 'base64');
    return bytes.toString('base64') === text
      ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length)
      : null;
  },
  ed25519PublicKey: (seed) => {
    const { x } = createPublicKey(ed25519PrivateKey(seed)).export({ format: 'jwk' });
    return Uint8Array.from(Buffer.from(x as string, 'base64url'));
  },
  ed25519Sign: (seed, _publicKey, message) => {
    const signature = sign(null, message, ed25519PrivateKey(seed));
    return new Uint8Array(signature.buffer, signature.byteOffset, signature.length);
  },
  ed25519Verify: (publicKey, message, signature) => {
    if (publicKey.length !== KEY_BYTES || signature.length !== 64) return false;
    try {
      return verify(null, message, ed25519PublicKey(publicKey), signature);
    } catch {
      // Bytes that are not a point on the curve.
      return false;
    }
  },
  seal(key, nonce, associatedData, plaintext, output) {
    const out = output
      ? checkedOutput(output, plaintext.length + TAG_BYTES)
      : new Uint8Array(plaintext.length + TAG_BYTES);
    const { subkey, nonce12 } = ietfParameters(key, nonce);
    try {
      const cipher = createCipheriv('chacha20-poly1305', subkey, nonce12, { authTagLength: TAG_BYTES });
      cipher.setAAD(associatedData, { plaintextLength: plaintext.length });
      const head = cipher.update(plaintext);
      out.set(head, 0);
      const tail = cipher.final();
      out.set(tail, head.length);
      out.set(cipher.getAuthTag(), head.length + tail.length);
      return out;
    } finally {
      subkey.fill(0);
    }
  },
  open(key, nonce, associatedData, sealed) {
    if (sealed.length < TAG_BYTES) throw new Error('Ciphertext is shorter than its tag');
    const { subkey, nonce12 } = ietfParameters(key, nonce);
    try {
      const cipher = createDecipheriv('chacha20-poly1305', subkey, nonce12, { authTagLength: TAG_BYTES });
      const body = sealed.subarray(0, sealed.length - TAG_BYTES);
      cipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      cipher.setAAD(associatedData, { plaintextLength: body.length });
      const head = cipher.update(body);
      // final() throws when the tag does not verify; nothing decrypted is returned then. A stream cipher's
      // final() adds no bytes, so update's own buffer is the plaintext (no copy of a frame's payload).
      const tail = cipher.final();
      const plaintext = tail.length === 0 ? head : Buffer.concat([head, tail]);
      return new Uint8Array(plaintext.buffer, plaintext.byteOffset, plaintext.length);
    } finally {
      subkey.fill(0);
    }
  },
};
