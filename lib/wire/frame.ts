/**
 * Signed framing for the threshold protocol's messages on the SSE streams and `POST /signer/message`.
 * Every frame is signed (over its header and a SHA-256 of its payload) by its sender's frame key: an
 * Ed25519 key the sender's sr25519 account certifies for its party id, the certificate in every frame.
 * A point-to-point frame's payload is also encrypted to the recipient's X25519 key, with the frame header
 * as associated data. See `docs/wire.md`.
 */
import { randomBytes } from '@noble/ciphers/utils.js';
import { bytesToHex as toHex } from '@noble/hashes/utils.js';
import {
  ByteReader,
  ByteWriter,
  MAX_SESSION_ID_BYTES,
  MAX_PARTY_ID_BYTES,
  checkSessionId,
  fromBase64,
  partyIdBytes,
  toBase64,
  utf8,
} from './codec';
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
  verifyDomain,
  ED25519_PUBLIC_KEY_BYTES,
  ED25519_SIGNATURE_BYTES,
  x25519PublicKey,
  type Sr25519Signer,
} from './crypto';
import { wirePrimitives } from './primitives';
import { WireError, malformed } from './errors';

/** A protocol party's id, as `lib/protocol` defines it: 1..64 bytes of UTF-8. */
export type PartyId = string;

export const FRAME_VERSION = 3;
/** Largest protocol payload a frame carries (before encryption). */
export const MAX_FRAME_PAYLOAD_BYTES = 1024 * 1024;
/** Largest encoded frame: a point-to-point frame with the longest ids and payload. */
export const MAX_FRAME_BYTES =
  2 + // version, kind
  (1 + MAX_SESSION_ID_BYTES) +
  (1 + MAX_PARTY_ID_BYTES) + // sender
  SR25519_PUBLIC_KEY_BYTES +
  ED25519_PUBLIC_KEY_BYTES + // frame key
  SR25519_SIGNATURE_BYTES + // its certificate
  2 + // round
  (1 + MAX_PARTY_ID_BYTES) + // recipient
  2 * X25519_KEY_BYTES +
  NONCE_BYTES +
  (4 + MAX_FRAME_PAYLOAD_BYTES + TAG_BYTES) +
  ED25519_SIGNATURE_BYTES;

const KIND_BROADCAST = 0;
const KIND_DIRECT = 1;
const KEY_LABEL = 'entropy-wallet/v1/frame/key';
const SIGNATURE_DOMAIN = 'entropy-wallet/v3/frame/signature';
const FRAME_KEY_DOMAIN = 'entropy-wallet/v3/frame/key';

/** The X25519 part of a point-to-point frame. */
export interface FrameEncryption {
  senderX25519: Uint8Array;
  recipientX25519: Uint8Array;
  nonce: Uint8Array;
}

/** A decoded, not yet verified frame. `payload` is the ciphertext when `encryption` is set. */
export interface SignedFrame {
  version: typeof FRAME_VERSION;
  sessionId: Uint8Array;
  sender: PartyId;
  /** sr25519 public key (the sender's account) that certified the frame key. */
  senderAccount: Uint8Array;
  /** Ed25519 public key that signed the frame, certified for `sender` by `senderAccount`. */
  frameKey: Uint8Array;
  /** `senderAccount`'s sr25519 signature certifying `frameKey` for `sender`. */
  keySignature: Uint8Array;
  round: number;
  /** null: broadcast to the whole committee. */
  recipient: PartyId | null;
  encryption: FrameEncryption | null;
  payload: Uint8Array;
  /** Ed25519, by `frameKey`. */
  signature: Uint8Array;
}

/** A verified frame with its payload in the clear, ready for the protocol machine. */
export interface OpenedFrame {
  sessionId: Uint8Array;
  sender: PartyId;
  senderAccount: Uint8Array;
  round: number;
  recipient: PartyId | null;
  payload: Uint8Array;
  /** The frame's signature: unique per frame, so a receiver can drop a replayed copy by it. */
  signature: Uint8Array;
}

/** What the receiver knows about the session a frame must belong to. */
export interface FrameExpectations {
  /** The session this receiver is running; frames of any other session are `WRONG_SESSION`. */
  sessionId: Uint8Array;
  /** Our own party id: point-to-point frames must be addressed to it. */
  self: PartyId;
  /** The committee: for each other party, the sr25519 account allowed to speak for it in this session. */
  committee: ReadonlyMap<PartyId, Uint8Array>;
  /** Our X25519 secret key, needed to open point-to-point frames. */
  x25519SecretKey?: Uint8Array;
}

/** A frame's header: everything before the nonce. */
type FrameHeader = Omit<SignedFrame, 'encryption' | 'payload' | 'signature'> & {
  encryption: Omit<FrameEncryption, 'nonce'> | null;
};

/** Writes the header, which is also the associated data a point-to-point payload is bound to. */
function writeHeader(frame: FrameHeader): ByteWriter {
  const writer = new ByteWriter()
    .u8(frame.version)
    .u8(frame.encryption ? KIND_DIRECT : KIND_BROADCAST)
    .bytes8(frame.sessionId)
    .bytes8(utf8('sender', frame.sender))
    .fixed(frame.senderAccount)
    .fixed(frame.frameKey)
    .fixed(frame.keySignature)
    .u16(frame.round);
  if (frame.encryption) {
    writer
      .bytes8(utf8('recipient', frame.recipient ?? ''))
      .fixed(frame.encryption.senderX25519)
      .fixed(frame.encryption.recipientX25519);
  }
  return writer;
}

/**
 * What the frame key signs: the domain label, every byte of the frame up to and including the payload's
 * length, then SHA-256 of the payload as sent (the ciphertext for a point-to-point frame). The prehash
 * keeps the signed message short whatever the payload.
 */
function signedBytes(prefix: Uint8Array, payload: Uint8Array): Uint8Array {
  return new ByteWriter()
    .bytes8(utf8('domain', SIGNATURE_DOMAIN))
    .fixed(prefix)
    .fixed(wirePrimitives().sha256(payload))
    .finish();
}

/** What the sender's account signs to certify a frame key (after the domain label). */
function certifiedParts(sender: PartyId, frameKey: Uint8Array): Uint8Array[] {
  return [new ByteWriter().bytes8(utf8('sender', sender)).finish(), frameKey];
}

/** A frame key: an Ed25519 key its signer's account certified for one party id. */
interface FrameKey {
  seed: Uint8Array;
  publicKey: Uint8Array;
  keySignature: Uint8Array;
}

/**
 * Frame keys per signer and party id, made on first use and kept in memory only, as long as the signer
 * object lives (a server's process, the wallet's unlocked account). One sr25519 signature certifies the
 * key and every frame is signed with it: Ed25519 on OpenSSL costs a tenth of an sr25519 signature, and
 * a receiver checks a sender's certificate once (`verifiedKeys`), then only each frame's Ed25519 signature.
 */
const frameKeys = new WeakMap<Sr25519Signer, Map<PartyId, FrameKey>>();

function frameKeyFor(signer: Sr25519Signer, sender: PartyId): FrameKey {
  let keys = frameKeys.get(signer);
  if (!keys) frameKeys.set(signer, (keys = new Map()));
  let key = keys.get(sender);
  if (!key) {
    const seed = randomBytes(32);
    const publicKey = wirePrimitives().ed25519PublicKey(seed);
    key = {
      seed,
      publicKey,
      keySignature: signDomain(signer, FRAME_KEY_DOMAIN, certifiedParts(sender, publicKey)),
    };
    keys.set(sender, key);
  }
  return key;
}

/** Certificates already checked (their exact bytes): all of a sender's frames carry one. Bounded. */
const MAX_VERIFIED_KEYS = 1024;
const verifiedKeys = new Set<string>();

/** Throws `BAD_SIGNATURE` unless the frame's account certified its frame key for its sender. */
function checkFrameKey(frame: SignedFrame): void {
  const id = toHex(
    new ByteWriter()
      .fixed(frame.senderAccount)
      .fixed(frame.frameKey)
      .fixed(frame.keySignature)
      .bytes8(utf8('sender', frame.sender))
      .finish(),
  );
  if (verifiedKeys.has(id)) return;
  verifyDomain(
    frame.senderAccount,
    FRAME_KEY_DOMAIN,
    certifiedParts(frame.sender, frame.frameKey),
    frame.keySignature,
  );
  if (verifiedKeys.size >= MAX_VERIFIED_KEYS)
    verifiedKeys.delete(verifiedKeys.values().next().value as string);
  verifiedKeys.add(id);
}

/**
 * Seals one outgoing protocol message into encoded frame bytes.
 *
 * @param opts.recipient - null to broadcast (payload signed, in the clear); otherwise the recipient's
 *   party id and X25519 public key, and `x25519SecretKey` (ours) must be given: the payload is encrypted.
 */
export function sealFrame(opts: {
  sessionId: Uint8Array;
  sender: PartyId;
  signer: Sr25519Signer;
  round: number;
  payload: Uint8Array;
  recipient: { party: PartyId; x25519PublicKey: Uint8Array } | null;
  x25519SecretKey?: Uint8Array;
}): Uint8Array {
  checkSessionId(opts.sessionId);
  partyIdBytes('sender', opts.sender);
  if (!Number.isInteger(opts.round) || opts.round < 0 || opts.round > 0xffff)
    throw malformed('round', 'not a u16');
  if (opts.payload.length > MAX_FRAME_PAYLOAD_BYTES) {
    throw malformed('payload', `longer than ${MAX_FRAME_PAYLOAD_BYTES} bytes`);
  }
  const frameKey = frameKeyFor(opts.signer, opts.sender);
  const base = {
    version: FRAME_VERSION,
    sessionId: opts.sessionId,
    sender: opts.sender,
    senderAccount: opts.signer.publicKey,
    frameKey: frameKey.publicKey,
    keySignature: frameKey.keySignature,
    round: opts.round,
  } as const;
  let header: Uint8Array;
  let nonce: Uint8Array | null = null;
  let payload = opts.payload;
  if (opts.recipient === null) {
    header = writeHeader({ ...base, recipient: null, encryption: null }).finish();
  } else {
    partyIdBytes('recipient', opts.recipient.party);
    if (opts.x25519SecretKey === undefined) {
      throw new WireError('A point-to-point frame needs our X25519 secret key', { code: 'BAD_KEY' });
    }
    const encryption = {
      senderX25519: x25519PublicKey(opts.x25519SecretKey),
      recipientX25519: opts.recipient.x25519PublicKey,
    };
    header = writeHeader({ ...base, recipient: opts.recipient.party, encryption }).finish();
    const sealed = sealChannel({
      label: KEY_LABEL,
      senderSecretKey: opts.x25519SecretKey,
      recipientPublicKey: encryption.recipientX25519,
      associatedData: header,
      plaintext: opts.payload,
    });
    nonce = sealed.nonce;
    payload = sealed.ciphertext;
  }
  const prefix = new ByteWriter().fixed(header);
  if (nonce) prefix.fixed(nonce);
  const signedPrefix = prefix.u32(payload.length).finish();
  const signature = wirePrimitives().ed25519Sign(
    frameKey.seed,
    frameKey.publicKey,
    signedBytes(signedPrefix, payload),
  );
  return new ByteWriter().fixed(signedPrefix).fixed(payload).fixed(signature).finish();
}

/** Where the parts of encoded frame bytes are, found by `parseFrame`. */
interface ParsedFrame {
  frame: SignedFrame;
  /** The header's bytes: the associated data of a point-to-point payload. */
  header: Uint8Array;
  /** Everything before the payload: header, nonce and the payload's length. */
  signedPrefix: Uint8Array;
}

function parseFrame(bytes: Uint8Array): ParsedFrame {
  if (!(bytes instanceof Uint8Array)) throw malformed('frame', 'expected bytes');
  if (bytes.length > MAX_FRAME_BYTES) throw malformed('frame', `longer than ${MAX_FRAME_BYTES} bytes`);
  const reader = new ByteReader(bytes);
  const version = reader.u8('version');
  if (version !== FRAME_VERSION) throw malformed('version', `unsupported frame version ${version}`);
  const kind = reader.u8('kind');
  if (kind !== KIND_BROADCAST && kind !== KIND_DIRECT) throw malformed('kind', `unknown frame kind ${kind}`);
  const sessionId = reader.bytes8('sessionId', 1, MAX_SESSION_ID_BYTES);
  const sender = reader.text8('sender', 1, MAX_PARTY_ID_BYTES);
  const senderAccount = reader.fixed('senderAccount', SR25519_PUBLIC_KEY_BYTES);
  const frameKey = reader.fixed('frameKey', ED25519_PUBLIC_KEY_BYTES);
  const keySignature = reader.fixed('keySignature', SR25519_SIGNATURE_BYTES);
  const round = reader.u16('round');
  let recipient: PartyId | null = null;
  let encryption: FrameEncryption | null = null;
  let headerEnd = reader.position;
  if (kind === KIND_DIRECT) {
    recipient = reader.text8('recipient', 1, MAX_PARTY_ID_BYTES);
    const senderX25519 = reader.fixed('senderX25519', X25519_KEY_BYTES);
    const recipientX25519 = reader.fixed('recipientX25519', X25519_KEY_BYTES);
    headerEnd = reader.position;
    encryption = { senderX25519, recipientX25519, nonce: reader.fixed('nonce', NONCE_BYTES) };
  }
  const payloadStart = reader.position + 4;
  // The payload is a view into `bytes`, not a copy: frames are large and read once.
  const payload = encryption
    ? reader.view32('payload', TAG_BYTES, MAX_FRAME_PAYLOAD_BYTES + TAG_BYTES)
    : reader.view32('payload', 0, MAX_FRAME_PAYLOAD_BYTES);
  const signature = reader.fixed('signature', ED25519_SIGNATURE_BYTES);
  reader.end();
  return {
    frame: {
      version,
      sessionId,
      sender,
      senderAccount,
      frameKey,
      keySignature,
      round,
      recipient,
      encryption,
      payload,
      signature,
    },
    header: bytes.subarray(0, headerEnd),
    signedPrefix: bytes.subarray(0, payloadStart),
  };
}

/** Strictly decodes frame bytes (structure only; `openFrame` verifies). */
export function decodeFrame(bytes: Uint8Array): SignedFrame {
  return parseFrame(bytes).frame;
}

/**
 * The session check every receiver applies first: throws `WRONG_SESSION` unless the frame belongs to
 * `sessionId`, so a frame recorded in one session cannot be replayed into another.
 */
export function assertFrameSession(frame: Pick<SignedFrame, 'sessionId'>, sessionId: Uint8Array): void {
  if (!equalBytes(frame.sessionId, sessionId)) {
    throw new WireError('Frame belongs to another session', { code: 'WRONG_SESSION' });
  }
}

/**
 * Verifies a frame for our session and returns its payload in the clear. Checks, cheapest first:
 * structure (`MALFORMED`), session (`WRONG_SESSION`), that a point-to-point frame is for us and our
 * X25519 key (`WRONG_RECIPIENT`), that the sender is another committee member and the signing account
 * is the one the committee names for it (`BAD_SENDER`), the signature (`BAD_SIGNATURE`), then the
 * decryption (`BAD_KEY`, `DECRYPT_FAILED`). Bytes are read in place: nothing is re-encoded.
 */
export function openFrame(frame: Uint8Array | SignedFrame, expect: FrameExpectations): OpenedFrame {
  const parsed = parseFrame(frame instanceof Uint8Array ? frame : encodeFrame(frame));
  const decoded = parsed.frame;
  assertFrameSession(decoded, expect.sessionId);
  if (decoded.encryption) {
    if (decoded.recipient !== expect.self) {
      throw new WireError('Frame is addressed to another party', {
        code: 'WRONG_RECIPIENT',
        details: { recipient: decoded.recipient },
      });
    }
    if (expect.x25519SecretKey === undefined) {
      throw new WireError('Opening a point-to-point frame needs our X25519 secret key', { code: 'BAD_KEY' });
    }
    if (!equalBytes(decoded.encryption.recipientX25519, x25519PublicKey(expect.x25519SecretKey))) {
      throw new WireError('Frame is encrypted to another X25519 key', { code: 'WRONG_RECIPIENT' });
    }
  }
  if (decoded.sender === expect.self) {
    throw new WireError('Frame claims to come from ourselves', { code: 'BAD_SENDER' });
  }
  const account = expect.committee.get(decoded.sender);
  if (account === undefined || !equalBytes(account, decoded.senderAccount)) {
    throw new WireError('Frame sender is not this account in the committee', {
      code: 'BAD_SENDER',
      details: { sender: decoded.sender },
    });
  }
  checkFrameKey(decoded);
  if (
    !wirePrimitives().ed25519Verify(
      decoded.frameKey,
      signedBytes(parsed.signedPrefix, decoded.payload),
      decoded.signature,
    )
  ) {
    throw new WireError('Signature does not verify', { code: 'BAD_SIGNATURE' });
  }
  const payload = decoded.encryption
    ? openChannel({
        label: KEY_LABEL,
        recipientSecretKey: expect.x25519SecretKey as Uint8Array,
        senderPublicKey: decoded.encryption.senderX25519,
        nonce: decoded.encryption.nonce,
        associatedData: parsed.header,
        ciphertext: decoded.payload,
      })
    : decoded.payload;
  return {
    sessionId: decoded.sessionId,
    sender: decoded.sender,
    senderAccount: decoded.senderAccount,
    round: decoded.round,
    recipient: decoded.recipient,
    payload,
    signature: decoded.signature,
  };
}

/** Encodes a decoded frame back to its exact bytes (e.g. to forward or store it, or in tests). */
export function encodeFrame(frame: SignedFrame): Uint8Array {
  const writer = writeHeader(frame);
  if (frame.encryption) writer.fixed(frame.encryption.nonce);
  return writer.bytes32(frame.payload).fixed(frame.signature).finish();
}

/** Frame bytes as one line of text (padded base64), for an SSE `data:` line. */
export function frameToText(bytes: Uint8Array): string {
  return toBase64(bytes);
}

/** Strict inverse of `frameToText`, to frame bytes (`openFrame` decodes and verifies them). */
export function frameBytesFromText(text: unknown): Uint8Array {
  return fromBase64('frame', text, MAX_FRAME_BYTES);
}

/** Strict inverse of `frameToText`, then `decodeFrame`. */
export function frameFromText(text: unknown): SignedFrame {
  return decodeFrame(frameBytesFromText(text));
}
