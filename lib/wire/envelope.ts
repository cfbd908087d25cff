/**
 * The encrypted, signed envelope for HTTP bodies sent to a TSS server (`/user/new`, `/user/tx`), as
 * Entropy's `SignedMessage`: X25519 from the sender's key to the recipient's, XChaCha20-Poly1305, and
 * an sr25519 signature by the sender over the whole header and the ciphertext. See `docs/wire.md`.
 */
import { ByteWriter, fromHex, strictObject, toHex } from './codec';
import {
  NONCE_BYTES,
  SR25519_PUBLIC_KEY_BYTES,
  SR25519_SIGNATURE_BYTES,
  TAG_BYTES,
  X25519_KEY_BYTES,
  equalBytes,
  openChannel,
  sealChannel,
  signDomain,
  ss58Address,
  verifyDomain,
  x25519PublicKey,
  type Sr25519Signer,
} from './crypto';
import { WireError, malformed } from './errors';

export const ENVELOPE_VERSION = 1;
/** Largest plaintext an envelope carries. */
export const MAX_ENVELOPE_PLAINTEXT_BYTES = 1024 * 1024;

const KEY_LABEL = 'entropy-wallet/v1/envelope/key';
const SIGNATURE_DOMAIN = 'entropy-wallet/v1/envelope/signature';

/** A sealed envelope. Build with `sealEnvelope`, read with `envelopeFromJson`, open with `openEnvelope`. */
export interface Envelope {
  version: typeof ENVELOPE_VERSION;
  /** The sender's sr25519 public key (its account), which signed the envelope. */
  senderAccount: Uint8Array;
  /** The sender's X25519 public key: the other half of the key agreement, and where to reply. */
  senderX25519: Uint8Array;
  /** The X25519 public key the envelope is encrypted to. */
  recipientX25519: Uint8Array;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
  signature: Uint8Array;
}

/** The JSON form of an envelope: every byte field as `0x`-prefixed lowercase hex. */
export interface EnvelopeJson {
  version: typeof ENVELOPE_VERSION;
  senderAccount: string;
  senderX25519: string;
  recipientX25519: string;
  nonce: string;
  ciphertext: string;
  signature: string;
}

/** The authenticated sender of an opened envelope. */
export interface EnvelopeSender {
  /** sr25519 public key that signed the envelope. */
  account: Uint8Array;
  /** `account` as an SS58 address (prefix 42). */
  address: string;
  /** The sender's X25519 public key, to encrypt a reply to. */
  x25519: Uint8Array;
}

export interface OpenedEnvelope {
  plaintext: Uint8Array;
  sender: EnvelopeSender;
}

/** The header the AEAD authenticates: version ‖ sender account ‖ sender X25519 ‖ recipient X25519. */
function associatedData(envelope: Omit<Envelope, 'nonce' | 'ciphertext' | 'signature'>): Uint8Array {
  return new ByteWriter()
    .u8(envelope.version)
    .fixed(envelope.senderAccount)
    .fixed(envelope.senderX25519)
    .fixed(envelope.recipientX25519)
    .finish();
}

/** What the signature covers (after the domain label): the header, the nonce and the ciphertext. */
function signedBody(envelope: Omit<Envelope, 'signature'>): Uint8Array {
  return new ByteWriter()
    .fixed(associatedData(envelope))
    .fixed(envelope.nonce)
    .bytes32(envelope.ciphertext)
    .finish();
}

/**
 * Encrypts `plaintext` to `recipientX25519PublicKey` and signs it with `signer`.
 *
 * @param opts.senderX25519SecretKey - our X25519 secret key; its public key travels in the envelope so
 *   the recipient can reply. A fresh `randomX25519SecretKey()` per envelope is fine when no reply is
 *   expected on a long-lived key.
 */
export function sealEnvelope(opts: {
  plaintext: Uint8Array;
  signer: Sr25519Signer;
  senderX25519SecretKey: Uint8Array;
  recipientX25519PublicKey: Uint8Array;
}): Envelope {
  if (opts.plaintext.length > MAX_ENVELOPE_PLAINTEXT_BYTES) {
    throw malformed('plaintext', `longer than ${MAX_ENVELOPE_PLAINTEXT_BYTES} bytes`);
  }
  const header = {
    version: ENVELOPE_VERSION,
    senderAccount: opts.signer.publicKey.slice(),
    senderX25519: x25519PublicKey(opts.senderX25519SecretKey),
    recipientX25519: opts.recipientX25519PublicKey.slice(),
  } as const;
  const { nonce, ciphertext } = sealChannel({
    label: KEY_LABEL,
    senderSecretKey: opts.senderX25519SecretKey,
    recipientPublicKey: header.recipientX25519,
    associatedData: associatedData(header),
    plaintext: opts.plaintext,
  });
  const unsigned = { ...header, nonce, ciphertext };
  return { ...unsigned, signature: signDomain(opts.signer, SIGNATURE_DOMAIN, signedBody(unsigned)) };
}

/**
 * Opens an envelope addressed to us. Checks, in order: the shape, that it is encrypted to our X25519
 * key (`WRONG_RECIPIENT`), the sender's signature (`BAD_SIGNATURE`, before any decryption), the key
 * agreement (`BAD_KEY` for low-order keys) and the AEAD (`DECRYPT_FAILED`).
 */
export function openEnvelope(envelope: Envelope, opts: { x25519SecretKey: Uint8Array }): OpenedEnvelope {
  checkShape(envelope);
  if (!equalBytes(envelope.recipientX25519, x25519PublicKey(opts.x25519SecretKey))) {
    throw new WireError('Envelope is encrypted to another X25519 key', { code: 'WRONG_RECIPIENT' });
  }
  verifyDomain(envelope.senderAccount, SIGNATURE_DOMAIN, signedBody(envelope), envelope.signature);
  const plaintext = openChannel({
    label: KEY_LABEL,
    recipientSecretKey: opts.x25519SecretKey,
    senderPublicKey: envelope.senderX25519,
    nonce: envelope.nonce,
    associatedData: associatedData(envelope),
    ciphertext: envelope.ciphertext,
  });
  return {
    plaintext,
    sender: {
      account: envelope.senderAccount.slice(),
      address: ss58Address(envelope.senderAccount),
      x25519: envelope.senderX25519.slice(),
    },
  };
}

/** The JSON body for an envelope. */
export function envelopeToJson(envelope: Envelope): EnvelopeJson {
  return {
    version: envelope.version,
    senderAccount: toHex(envelope.senderAccount),
    senderX25519: toHex(envelope.senderX25519),
    recipientX25519: toHex(envelope.recipientX25519),
    nonce: toHex(envelope.nonce),
    ciphertext: toHex(envelope.ciphertext),
    signature: toHex(envelope.signature),
  };
}

const JSON_FIELDS = [
  'version',
  'senderAccount',
  'senderX25519',
  'recipientX25519',
  'nonce',
  'ciphertext',
  'signature',
] as const;

/** Strictly decodes a parsed JSON body: exactly these fields, canonical hex, exact lengths. */
export function envelopeFromJson(value: unknown): Envelope {
  const json = strictObject('envelope', value, JSON_FIELDS);
  if (json.version !== ENVELOPE_VERSION) throw malformed('version', `expected ${ENVELOPE_VERSION}`);
  const ciphertext = fromHex('ciphertext', json.ciphertext, {
    max: MAX_ENVELOPE_PLAINTEXT_BYTES + TAG_BYTES,
  });
  if (ciphertext.length < TAG_BYTES) throw malformed('ciphertext', 'shorter than the authentication tag');
  return {
    version: ENVELOPE_VERSION,
    senderAccount: fromHex('senderAccount', json.senderAccount, { exact: SR25519_PUBLIC_KEY_BYTES }),
    senderX25519: fromHex('senderX25519', json.senderX25519, { exact: X25519_KEY_BYTES }),
    recipientX25519: fromHex('recipientX25519', json.recipientX25519, { exact: X25519_KEY_BYTES }),
    nonce: fromHex('nonce', json.nonce, { exact: NONCE_BYTES }),
    ciphertext,
    signature: fromHex('signature', json.signature, { exact: SR25519_SIGNATURE_BYTES }),
  };
}

/** Re-checks lengths for envelopes built in code rather than by `envelopeFromJson`. */
function checkShape(envelope: Envelope): void {
  const fixed: [keyof Envelope, number][] = [
    ['senderAccount', SR25519_PUBLIC_KEY_BYTES],
    ['senderX25519', X25519_KEY_BYTES],
    ['recipientX25519', X25519_KEY_BYTES],
    ['nonce', NONCE_BYTES],
    ['signature', SR25519_SIGNATURE_BYTES],
  ];
  if (envelope.version !== ENVELOPE_VERSION) throw malformed('version', `expected ${ENVELOPE_VERSION}`);
  for (const [field, length] of fixed) {
    const value = envelope[field];
    if (!(value instanceof Uint8Array) || value.length !== length)
      throw malformed(field, `expected ${length} bytes`);
  }
  const { ciphertext } = envelope;
  if (!(ciphertext instanceof Uint8Array) || ciphertext.length < TAG_BYTES) {
    throw malformed('ciphertext', 'shorter than the authentication tag');
  }
  if (ciphertext.length > MAX_ENVELOPE_PLAINTEXT_BYTES + TAG_BYTES) throw malformed('ciphertext', 'too long');
}
