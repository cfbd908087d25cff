/**
 * The primitives every wire format shares: sr25519 signatures over domain-separated messages, and
 * an authenticated, directional X25519 → HKDF-SHA256 → XChaCha20-Poly1305 channel.
 */
import { randomBytes } from '@noble/ciphers/utils.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { encodeAddress, sr25519Sign, sr25519Verify } from '@polkadot/util-crypto';
import {
  isReady as wasmReady,
  sr25519Sign as wasmSign,
  sr25519Verify as wasmVerify,
} from '@polkadot/wasm-crypto';
import { ByteWriter, utf8 } from './codec';
import { wirePrimitives } from './primitives';
import { WireError } from './errors';

export const SR25519_PUBLIC_KEY_BYTES = 32;
export const SR25519_SIGNATURE_BYTES = 64;
export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;
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

/**
 * A signer over a raw sr25519 keypair (e.g. from `sr25519PairFromSeed`). It signs with schnorrkel's
 * WebAssembly build once `cryptoWaitReady()` has loaded it (about 20 times faster than the JavaScript
 * `sr25519Sign` a keyring pair uses), and with `sr25519Sign` before that; both make the same signatures.
 */
export function sr25519Signer(keypair: { publicKey: Uint8Array; secretKey: Uint8Array }): Sr25519Signer {
  return {
    publicKey: keypair.publicKey,
    type: 'sr25519',
    sign: (data) =>
      wasmReady() ? wasmSign(keypair.publicKey, keypair.secretKey, data) : sr25519Sign(data, keypair),
  };
}

/** The bytes a signature covers: the domain label (length-prefixed) then the message body (its parts in order). */
function signedBytes(domain: string, body: Uint8Array | readonly Uint8Array[]): Uint8Array {
  const writer = new ByteWriter().bytes8(utf8('domain', domain));
  for (const part of body instanceof Uint8Array ? [body] : body) writer.fixed(part);
  return writer.finish();
}

/** Signs `body` under `domain`, refusing signers that cannot produce an sr25519 signature. */
export function signDomain(
  signer: Sr25519Signer,
  domain: string,
  body: Uint8Array | readonly Uint8Array[],
): Uint8Array {
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
  body: Uint8Array | readonly Uint8Array[],
  signature: Uint8Array,
): void {
  let valid: boolean;
  try {
    const message = signedBytes(domain, body);
    // schnorrkel's WebAssembly build when loaded (it answers false for keys that are not points).
    valid = wasmReady()
      ? publicKey.length === SR25519_PUBLIC_KEY_BYTES && wasmVerify(signature, message, publicKey)
      : sr25519Verify(message, signature, publicKey);
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

/**
 * What an X25519 secret key has given so far: its public key and the channel keys agreed with peers.
 * An agreement costs a scalar multiplication (about 1 ms in JavaScript), and a session seals and opens
 * several frames per peer under the same keys, so each is computed once. Bounded per secret key; the
 * entry goes with the secret key's array, and a secret key changed in place is noticed (`secret`).
 */
interface KeyCache {
  secret: Uint8Array;
  publicKey: Uint8Array;
  channels: Map<string, Uint8Array>;
}
const MAX_CHANNELS_PER_KEY = 512;
const keyCaches = new WeakMap<Uint8Array, KeyCache>();

function keyCache(secretKey: Uint8Array): KeyCache {
  if (secretKey.length !== X25519_KEY_BYTES) {
    throw new WireError('X25519 secret key must be 32 bytes', { code: 'BAD_KEY' });
  }
  let cache = keyCaches.get(secretKey);
  if (!cache || !equalBytes(cache.secret, secretKey)) {
    cache = {
      secret: secretKey.slice(),
      publicKey: wirePrimitives().x25519PublicKey(secretKey),
      channels: new Map(),
    };
    keyCaches.set(secretKey, cache);
  }
  return cache;
}

/** The X25519 public key of a 32-byte secret key. */
export function x25519PublicKey(secretKey: Uint8Array): Uint8Array {
  return keyCache(secretKey).publicKey.slice();
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
 * with the format (so an envelope key never opens a protocol frame). A copy from the cache when this
 * secret key agreed with this peer before (see `KeyCache`); the caller wipes it after use.
 */
function channelKey(
  label: string,
  secretKey: Uint8Array,
  peerPublicKey: Uint8Array,
  senderPublicKey: Uint8Array,
  recipientPublicKey: Uint8Array,
): Uint8Array {
  const cache = keyCache(secretKey);
  const id = `${label}/${bytesToHex(senderPublicKey)}/${bytesToHex(recipientPublicKey)}`;
  const cached = cache.channels.get(id);
  if (cached) return cached.slice();
  let shared: Uint8Array;
  try {
    // Both providers refuse the low-order points (0, 1, p-1 and the order-8 points).
    shared = wirePrimitives().x25519(secretKey, peerPublicKey);
  } catch {
    throw new WireError('X25519 key agreement failed: low-order or invalid public key', { code: 'BAD_KEY' });
  }
  if (shared.every((byte) => byte === 0)) {
    throw new WireError('X25519 shared secret is all zero', { code: 'BAD_KEY' });
  }
  const derive = (from: Uint8Array, to: Uint8Array): Uint8Array =>
    hkdf(sha256, shared, new ByteWriter().fixed(from).fixed(to).finish(), utf8('label', label), 32);
  const key = derive(senderPublicKey, recipientPublicKey);
  // The other direction's key comes from the same agreement: a session both seals to and opens from
  // each peer, and the user's key is new every session.
  remember(cache, `${label}/${bytesToHex(recipientPublicKey)}/${bytesToHex(senderPublicKey)}`, () =>
    derive(recipientPublicKey, senderPublicKey),
  );
  shared.fill(0);
  remember(cache, id, () => key.slice());
  return key;
}

function remember(cache: KeyCache, id: string, key: () => Uint8Array): void {
  if (cache.channels.has(id)) return;
  if (cache.channels.size >= MAX_CHANNELS_PER_KEY) {
    const oldest = cache.channels.keys().next().value as string;
    cache.channels.get(oldest)?.fill(0);
    cache.channels.delete(oldest);
  }
  cache.channels.set(id, key());
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
  /** Where the ciphertext goes (the plaintext's length plus the tag's), e.g. its place in a frame. */
  output?: Uint8Array;
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
  const ciphertext = wirePrimitives().seal(key, nonce, opts.associatedData, opts.plaintext, opts.output);
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
    return wirePrimitives().open(key, opts.nonce, opts.associatedData, opts.ciphertext);
  } catch {
    throw new WireError('Ciphertext does not authenticate', { code: 'DECRYPT_FAILED' });
  } finally {
    key.fill(0);
  }
}
