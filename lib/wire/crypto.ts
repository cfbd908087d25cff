/**
 * The primitives every wire format shares: sr25519 signatures over domain-separated messages, and
 * an authenticated, directional X25519 → HKDF-SHA256 → XChaCha20-Poly1305 channel.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeAddress, sr25519Sign, sr25519Verify } from '@polkadot/util-crypto';
import { ByteWriter, utf8 } from './codec';
import { WireError } from './errors';

export const SR25519_PUBLIC_KEY_BYTES = 32;
export const SR25519_SIGNATURE_BYTES = 64;
export const X25519_KEY_BYTES = 32;
export const NONCE_BYTES = 24;
export const TAG_BYTES = 16;

/**
 * Anything that signs with an sr25519 key: a `@polkadot/keyring` pair of type `sr25519` fits as is,
 * or wrap a raw keypair with `sr25519Signer`.
 */
export interface Sr25519Signer {
  readonly publicKey: Uint8Array;
  /** Keyring pairs carry their key type; anything but `sr25519` is refused. */
  readonly type?: string;
  sign(data: Uint8Array): Uint8Array;
}

/** A signer over a raw sr25519 keypair (e.g. from `sr25519PairFromSeed`). */
export function sr25519Signer(keypair: { publicKey: Uint8Array; secretKey: Uint8Array }): Sr25519Signer {
  return { publicKey: keypair.publicKey, type: 'sr25519', sign: (data) => sr25519Sign(data, keypair) };
}

/** The bytes a signature covers: the domain label (length-prefixed) then the message body. */
function signedBytes(domain: string, body: Uint8Array): Uint8Array {
  return new ByteWriter().bytes8(utf8('domain', domain)).fixed(body).finish();
}

/** Signs `body` under `domain`, refusing signers that cannot produce an sr25519 signature. */
export function signDomain(signer: Sr25519Signer, domain: string, body: Uint8Array): Uint8Array {
  if (signer.type !== undefined && signer.type !== 'sr25519') {
    throw new WireError(`Signer must be sr25519, not ${signer.type}`, { code: 'BAD_KEY' });
  }
  if (signer.publicKey.length !== SR25519_PUBLIC_KEY_BYTES) {
    throw new WireError('Signer public key must be 32 bytes', { code: 'BAD_KEY' });
  }
  const signature = signer.sign(signedBytes(domain, body));
  if (signature.length !== SR25519_SIGNATURE_BYTES) {
    throw new WireError('Signer returned a signature that is not 64 bytes', { code: 'BAD_KEY' });
  }
  return signature;
}

/** Throws `BAD_SIGNATURE` unless `signature` is `publicKey`'s sr25519 signature of `body` under `domain`. */
export function verifyDomain(
  publicKey: Uint8Array,
  domain: string,
  body: Uint8Array,
  signature: Uint8Array,
): void {
  let valid: boolean;
  try {
    valid = sr25519Verify(signedBytes(domain, body), signature, publicKey);
  } catch {
    // Public keys that are not valid ristretto points make the verifier throw.
    valid = false;
  }
  if (!valid) throw new WireError('Signature does not verify', { code: 'BAD_SIGNATURE' });
}

/** SS58 address of an sr25519 public key; Entropy uses the generic Substrate prefix 42. */
export function ss58Address(publicKey: Uint8Array, prefix = 42): string {
  return encodeAddress(publicKey, prefix);
}

/** A fresh X25519 secret key (any 32 random bytes; X25519 clamps them). */
export function randomX25519SecretKey(): Uint8Array {
  return randomBytes(X25519_KEY_BYTES);
}

/** The X25519 public key of a 32-byte secret key. */
export function x25519PublicKey(secretKey: Uint8Array): Uint8Array {
  if (secretKey.length !== X25519_KEY_BYTES) {
    throw new WireError('X25519 secret key must be 32 bytes', { code: 'BAD_KEY' });
  }
  return x25519.getPublicKey(secretKey);
}

/** Constant-time equality for equal-length byte strings; false when lengths differ. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/**
 * The channel key from `sender` to `recipient`: HKDF-SHA256 over the X25519 shared secret, salted with
 * both public keys in sender→recipient order (so the two directions get different keys) and labelled
 * with the format (so an envelope key never opens a protocol frame).
 */
function channelKey(
  label: string,
  secretKey: Uint8Array,
  peerPublicKey: Uint8Array,
  senderPublicKey: Uint8Array,
  recipientPublicKey: Uint8Array,
): Uint8Array {
  let shared: Uint8Array;
  try {
    // noble refuses the low-order points (0, 1, p-1 and the order-8 points) before the ladder.
    shared = x25519.getSharedSecret(secretKey, peerPublicKey);
  } catch {
    throw new WireError('X25519 key agreement failed: low-order or invalid public key', { code: 'BAD_KEY' });
  }
  if (shared.every((byte) => byte === 0)) {
    throw new WireError('X25519 shared secret is all zero', { code: 'BAD_KEY' });
  }
  const salt = new ByteWriter().fixed(senderPublicKey).fixed(recipientPublicKey).finish();
  const key = hkdf(sha256, shared, salt, utf8('label', label), 32);
  shared.fill(0);
  return key;
}

/** The sealed half of a channel message. */
export interface Sealed {
  nonce: Uint8Array;
  ciphertext: Uint8Array;
}

/**
 * Encrypts `plaintext` from our X25519 key to `recipientPublicKey` with a random 24-byte nonce,
 * authenticating `associatedData` (the message header) with it.
 */
export function sealChannel(opts: {
  label: string;
  senderSecretKey: Uint8Array;
  recipientPublicKey: Uint8Array;
  associatedData: Uint8Array;
  plaintext: Uint8Array;
}): Sealed {
  if (opts.recipientPublicKey.length !== X25519_KEY_BYTES) {
    throw new WireError('Recipient X25519 public key must be 32 bytes', { code: 'BAD_KEY' });
  }
  const senderPublicKey = x25519PublicKey(opts.senderSecretKey);
  const key = channelKey(
    opts.label,
    opts.senderSecretKey,
    opts.recipientPublicKey,
    senderPublicKey,
    opts.recipientPublicKey,
  );
  const nonce = randomBytes(NONCE_BYTES);
  const ciphertext = xchacha20poly1305(key, nonce, opts.associatedData).encrypt(opts.plaintext);
  key.fill(0);
  return { nonce, ciphertext };
}

/** Decrypts a message sealed by `sealChannel`; `DECRYPT_FAILED` if anything was altered. */
export function openChannel(opts: {
  label: string;
  recipientSecretKey: Uint8Array;
  senderPublicKey: Uint8Array;
  nonce: Uint8Array;
  associatedData: Uint8Array;
  ciphertext: Uint8Array;
}): Uint8Array {
  const recipientPublicKey = x25519PublicKey(opts.recipientSecretKey);
  const key = channelKey(
    opts.label,
    opts.recipientSecretKey,
    opts.senderPublicKey,
    opts.senderPublicKey,
    recipientPublicKey,
  );
  try {
    return xchacha20poly1305(key, opts.nonce, opts.associatedData).decrypt(opts.ciphertext);
  } catch {
    throw new WireError('Ciphertext does not authenticate', { code: 'DECRYPT_FAILED' });
  } finally {
    key.fill(0);
  }
}
