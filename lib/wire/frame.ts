/**
 * Framing for the threshold protocol's messages on the SSE streams and `POST /signer/message`. A
 * broadcast frame is signed (over its header and a SHA-256 of its payload) by its sender's frame key: an
 * Ed25519 key the sender's sr25519 account certifies for its party id, the certificate in every frame, so
 * anyone can check who sent it. A point-to-point frame is encrypted and authenticated by its AEAD alone:
 * XChaCha20-Poly1305 under the X25519 agreement of the sender's and the recipient's registered keys, the
 * header as associated data; only those two parties can make it. See `docs/wire.md`.
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

export const FRAME_VERSION = 4;
/** Largest protocol payload a frame carries (before encryption). */
export const MAX_FRAME_PAYLOAD_BYTES = 1024 * 1024;
/** Largest encoded frame: a signed broadcast with the longest ids and payload (a point-to-point frame is shorter). */
export const MAX_FRAME_BYTES =
  2 + // version, kind
  (1 + MAX_SESSION_ID_BYTES) +
  (1 + MAX_PARTY_ID_BYTES) + // sender
  SR25519_PUBLIC_KEY_BYTES +
  ED25519_PUBLIC_KEY_BYTES + // frame key
  SR25519_SIGNATURE_BYTES + // its certificate
  2 + // round
  (4 + MAX_FRAME_PAYLOAD_BYTES) +
  ED25519_SIGNATURE_BYTES;

const KIND_BROADCAST = 0;
const KIND_DIRECT = 1;
const KEY_LABEL = 'entropy-wallet/v1/frame/key';
const SIGNATURE_DOMAIN = 'entropy-wallet/v3/frame/signature';
const FRAME_KEY_DOMAIN = 'entropy-wallet/v3/frame/key';

/** A decoded, not yet verified broadcast frame: signed by a frame key its account certified. */
export interface BroadcastFrame {
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
  recipient: null;
  payload: Uint8Array;
  /** Ed25519, by `frameKey`. */
  signature: Uint8Array;
}

/** A decoded, not yet opened point-to-point frame: authenticated by its AEAD, not signed. */
export interface DirectFrame {
  version: typeof FRAME_VERSION;
  sessionId: Uint8Array;
  sender: PartyId;
  round: number;
  recipient: PartyId;
  senderX25519: Uint8Array;
  recipientX25519: Uint8Array;
  nonce: Uint8Array;
  /** The payload's ciphertext, its 16-byte tag at the end. */
  ciphertext: Uint8Array;
}

export type Frame = BroadcastFrame | DirectFrame;

/** An opened frame with its payload in the clear, ready for the protocol machine. */
export interface OpenedFrame {
  sessionId: Uint8Array;
  sender: PartyId;
  /** The sender's account: the broadcast's certifying account, or the committee's entry for a point-to-point sender. */
  senderAccount: Uint8Array;
  round: number;
  recipient: PartyId | null;
  payload: Uint8Array;
  /**
   * Unique per frame, so a receiver can drop a replayed copy by it: a broadcast's signature, a
   * point-to-point frame's nonce and tag (only its two parties can make another frame with them).
   */
  id: Uint8Array;
}

/** What a receiver knows of a committee member: who may speak for its party id in this session. */
export interface FrameSender {
  /** The sr25519 account whose certified frame key signs its broadcasts. */
  account: Uint8Array;
  /**
   * The X25519 public key its point-to-point frames must come from (a validator's on chain, the user's
   * from its signed envelope); null while not known, and its point-to-point frames are refused.
   */
  x25519: Uint8Array | null;
}

/** What the receiver knows about the session a frame must belong to. */
export interface FrameExpectations {
  /** The session this receiver is running; frames of any other session are `WRONG_SESSION`. */
  sessionId: Uint8Array;
  /** Our own party id: point-to-point frames must be addressed to it. */
  self: PartyId;
  /** The committee: each other party's account and X25519 key in this session. */
  committee: ReadonlyMap<PartyId, FrameSender>;
  /** Our X25519 secret key, needed to open point-to-point frames. */
  x25519SecretKey?: Uint8Array;
}

/** What both kinds start with: version, kind, session and sender. */
function writeFrameStart(frame: Pick<Frame, 'version' | 'sessionId' | 'sender'>, kind: number): ByteWriter {
  return new ByteWriter()
    .u8(frame.version)
    .u8(kind)
    .bytes8(frame.sessionId)
    .bytes8(utf8('sender', frame.sender));
}

/** A broadcast's header: everything before the payload's length, and what its signature covers first. */
function writeBroadcastHeader(frame: Omit<BroadcastFrame, 'payload' | 'signature'>): ByteWriter {
  return writeFrameStart(frame, KIND_BROADCAST)
    .fixed(frame.senderAccount)
    .fixed(frame.frameKey)
    .fixed(frame.keySignature)
    .u16(frame.round);
}

/** A point-to-point frame's header (everything before the nonce): its payload's associated data. */
function writeDirectHeader(frame: Omit<DirectFrame, 'nonce' | 'ciphertext'>): ByteWriter {
  return writeFrameStart(frame, KIND_DIRECT)
    .u16(frame.round)
    .bytes8(utf8('recipient', frame.recipient))
    .fixed(frame.senderX25519)
    .fixed(frame.recipientX25519);
}

/**
 * What the frame key signs: the domain label, every byte of the broadcast up to and including the
 * payload's length, then SHA-256 of the payload. The prehash keeps the signed message short whatever the
 * payload.
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
function checkFrameKey(frame: BroadcastFrame): void {
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
 * @param opts.recipient - null to broadcast (payload signed by `signer`'s frame key, in the clear);
 *   otherwise the recipient's party id and X25519 public key, and `x25519SecretKey` (ours) must be given:
 *   the payload is encrypted and authenticated to it, and nothing is signed.
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
  const common = {
    version: FRAME_VERSION,
    sessionId: opts.sessionId,
    sender: opts.sender,
    round: opts.round,
  } as const;
  if (opts.recipient === null) {
    const frameKey = frameKeyFor(opts.signer, opts.sender);
    const signedPrefix = writeBroadcastHeader({
      ...common,
      senderAccount: opts.signer.publicKey,
      frameKey: frameKey.publicKey,
      keySignature: frameKey.keySignature,
      recipient: null,
    })
      .u32(opts.payload.length)
      .finish();
    const signature = wirePrimitives().ed25519Sign(
      frameKey.seed,
      frameKey.publicKey,
      signedBytes(signedPrefix, opts.payload),
    );
    return new ByteWriter().fixed(signedPrefix).fixed(opts.payload).fixed(signature).finish();
  }
  partyIdBytes('recipient', opts.recipient.party);
  if (opts.x25519SecretKey === undefined) {
    throw new WireError('A point-to-point frame needs our X25519 secret key', { code: 'BAD_KEY' });
  }
  const header = writeDirectHeader({
    ...common,
    recipient: opts.recipient.party,
    senderX25519: x25519PublicKey(opts.x25519SecretKey),
    recipientX25519: opts.recipient.x25519PublicKey,
  }).finish();
  // The frame is made whole at once and the ciphertext sealed into its place (replaces sealing into a
  // buffer of its own, then copying it behind the header: a frame's payload is tens of KiB).
  const ciphertextLength = opts.payload.length + TAG_BYTES;
  const frame = new Uint8Array(header.length + NONCE_BYTES + 4 + ciphertextLength);
  const ciphertextAt = header.length + NONCE_BYTES + 4;
  const sealed = sealChannel({
    label: KEY_LABEL,
    senderSecretKey: opts.x25519SecretKey,
    recipientPublicKey: opts.recipient.x25519PublicKey,
    associatedData: header,
    plaintext: opts.payload,
    output: frame.subarray(ciphertextAt),
  });
  frame.set(header);
  frame.set(sealed.nonce, header.length);
  new DataView(frame.buffer).setUint32(header.length + NONCE_BYTES, ciphertextLength);
  return frame;
}

/** Where the parts of encoded frame bytes are, found by `parseFrame`. */
type ParsedFrame =
  | {
      frame: BroadcastFrame;
      /** Everything before the payload: header and the payload's length. */
      signedPrefix: Uint8Array;
    }
  | {
      frame: DirectFrame;
      /** The header's bytes: the payload's associated data. */
      header: Uint8Array;
    };

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
  if (kind === KIND_DIRECT) {
    const round = reader.u16('round');
    const recipient = reader.text8('recipient', 1, MAX_PARTY_ID_BYTES);
    const senderX25519 = reader.fixed('senderX25519', X25519_KEY_BYTES);
    const recipientX25519 = reader.fixed('recipientX25519', X25519_KEY_BYTES);
    const headerEnd = reader.position;
    const nonce = reader.fixed('nonce', NONCE_BYTES);
    // The ciphertext is a view into `bytes`, not a copy: frames are large and read once.
    const ciphertext = reader.view32('payload', TAG_BYTES, MAX_FRAME_PAYLOAD_BYTES + TAG_BYTES);
    reader.end();
    return {
      frame: {
        version,
        sessionId,
        sender,
        round,
        recipient,
        senderX25519,
        recipientX25519,
        nonce,
        ciphertext,
      },
      header: bytes.subarray(0, headerEnd),
    };
  }
  const senderAccount = reader.fixed('senderAccount', SR25519_PUBLIC_KEY_BYTES);
  const frameKey = reader.fixed('frameKey', ED25519_PUBLIC_KEY_BYTES);
  const keySignature = reader.fixed('keySignature', SR25519_SIGNATURE_BYTES);
  const round = reader.u16('round');
  const payloadStart = reader.position + 4;
  const payload = reader.view32('payload', 0, MAX_FRAME_PAYLOAD_BYTES);
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
      recipient: null,
      payload,
      signature,
    },
    signedPrefix: bytes.subarray(0, payloadStart),
  };
}

/** Strictly decodes frame bytes (structure only; `openFrame` verifies). */
export function decodeFrame(bytes: Uint8Array): Frame {
  return parseFrame(bytes).frame;
}

/**
 * The session check every receiver applies first: throws `WRONG_SESSION` unless the frame belongs to
 * `sessionId`, so a frame recorded in one session cannot be replayed into another.
 */
export function assertFrameSession(frame: Pick<Frame, 'sessionId'>, sessionId: Uint8Array): void {
  if (!equalBytes(frame.sessionId, sessionId)) {
    throw new WireError('Frame belongs to another session', { code: 'WRONG_SESSION' });
  }
}

/** Throws `BAD_SENDER` unless `sender` is another member of the committee; returns what we know of it. */
function committeeSender(sender: PartyId, expect: FrameExpectations): FrameSender {
  if (sender === expect.self) {
    throw new WireError('Frame claims to come from ourselves', { code: 'BAD_SENDER' });
  }
  const known = expect.committee.get(sender);
  if (known === undefined) {
    throw new WireError('Frame sender is not in the committee', { code: 'BAD_SENDER', details: { sender } });
  }
  return known;
}

/**
 * Verifies a frame for our session and returns its payload in the clear. Checks, cheapest first:
 * structure (`MALFORMED`), session (`WRONG_SESSION`). A broadcast: that its sender is another committee
 * member and the certifying account the one the committee names for it (`BAD_SENDER`), then the
 * certificate and the signature (`BAD_SIGNATURE`). A point-to-point frame: that it is for us and our
 * X25519 key (`WRONG_RECIPIENT`), that its sender is another member and its X25519 key the one the
 * committee names for it (`BAD_SENDER`), then the AEAD (`BAD_KEY`, `DECRYPT_FAILED`): only that key's
 * holder and we can make a frame that opens. Bytes are read in place: nothing is re-encoded.
 */
export function openFrame(frame: Uint8Array | Frame, expect: FrameExpectations): OpenedFrame {
  const parsed = parseFrame(frame instanceof Uint8Array ? frame : encodeFrame(frame));
  assertFrameSession(parsed.frame, expect.sessionId);
  if ('header' in parsed) return openDirect(parsed.frame, parsed.header, expect);
  const decoded = parsed.frame;
  const known = committeeSender(decoded.sender, expect);
  if (!equalBytes(known.account, decoded.senderAccount)) {
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
  return {
    sessionId: decoded.sessionId,
    sender: decoded.sender,
    senderAccount: decoded.senderAccount,
    round: decoded.round,
    recipient: null,
    payload: decoded.payload,
    id: decoded.signature,
  };
}

function openDirect(decoded: DirectFrame, header: Uint8Array, expect: FrameExpectations): OpenedFrame {
  if (decoded.recipient !== expect.self) {
    throw new WireError('Frame is addressed to another party', {
      code: 'WRONG_RECIPIENT',
      details: { recipient: decoded.recipient },
    });
  }
  if (expect.x25519SecretKey === undefined) {
    throw new WireError('Opening a point-to-point frame needs our X25519 secret key', { code: 'BAD_KEY' });
  }
  if (!equalBytes(decoded.recipientX25519, x25519PublicKey(expect.x25519SecretKey))) {
    throw new WireError('Frame is encrypted to another X25519 key', { code: 'WRONG_RECIPIENT' });
  }
  const known = committeeSender(decoded.sender, expect);
  // The AEAD proves the frame comes from the holder of `senderX25519`: it must be this sender's key.
  if (known.x25519 === null || !equalBytes(known.x25519, decoded.senderX25519)) {
    throw new WireError('Frame sender is not this X25519 key in the committee', {
      code: 'BAD_SENDER',
      details: { sender: decoded.sender },
    });
  }
  const payload = openChannel({
    label: KEY_LABEL,
    recipientSecretKey: expect.x25519SecretKey,
    senderPublicKey: decoded.senderX25519,
    nonce: decoded.nonce,
    associatedData: header,
    ciphertext: decoded.ciphertext,
  });
  const tag = decoded.ciphertext.subarray(decoded.ciphertext.length - TAG_BYTES);
  return {
    sessionId: decoded.sessionId,
    sender: decoded.sender,
    senderAccount: known.account,
    round: decoded.round,
    recipient: decoded.recipient,
    payload,
    id: new ByteWriter().fixed(decoded.nonce).fixed(tag).finish(),
  };
}

/** Encodes a decoded frame back to its exact bytes (e.g. to forward or store it, or in tests). */
export function encodeFrame(frame: Frame): Uint8Array {
  if (frame.recipient === null) {
    return writeBroadcastHeader(frame).bytes32(frame.payload).fixed(frame.signature).finish();
  }
  return writeDirectHeader(frame).fixed(frame.nonce).bytes32(frame.ciphertext).finish();
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
export function frameFromText(text: unknown): Frame {
  return decodeFrame(frameBytesFromText(text));
}
