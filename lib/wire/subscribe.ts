/**
 * The body of `POST /signer/subscribe_to_me`: a committee member asks another member for its stream
 * of protocol messages. Authenticated by the subscriber's sr25519 signature, or by a MAC under the X25519
 * channel key of subscriber and target when the target knows the subscriber's X25519 key (the servers:
 * their keys are on chain); bound to the session and to the party subscribed to, and replay-limited by a
 * timestamp window. See `docs/wire.md`.
 */
import {
  ByteWriter,
  MAX_SESSION_ID_BYTES,
  checkSessionId,
  fromHex,
  partyIdBytes,
  strictObject,
  toHex,
  utf8,
} from './codec';
import {
  SR25519_PUBLIC_KEY_BYTES,
  SR25519_SIGNATURE_BYTES,
  NONCE_BYTES,
  TAG_BYTES,
  X25519_KEY_BYTES,
  openChannel,
  sealChannel,
  signDomain,
  verifyDomain,
  type Sr25519Signer,
} from './crypto';
import { WireError, malformed } from './errors';
import type { PartyId } from './frame';

const SIGNATURE_DOMAIN = 'entropy-wallet/v1/subscribe/signature';
/** HKDF info of the MAC's channel key: a key of its own, apart from the frames' and the envelopes'. */
const MAC_LABEL = 'entropy-wallet/v1/subscribe/mac';
/** A MAC: the XChaCha20-Poly1305 nonce, then the tag over the signed body with no plaintext. */
export const SUBSCRIBE_MAC_BYTES = NONCE_BYTES + TAG_BYTES;
/** Default accepted distance between a request's timestamp and the receiver's clock. */
export const SUBSCRIBE_MAX_SKEW_MS = 60_000;

interface SubscribeFields {
  /** The subscriber's party id in the session. */
  partyId: PartyId;
  sessionId: Uint8Array;
  /** The subscriber's sr25519 public key (its account in the session), which signed the request if signed. */
  account: Uint8Array;
  /** Milliseconds since the Unix epoch when the request was made. */
  timestamp: number;
}

/** Signed by `account` (sr25519), or authenticated by a MAC under the subscriber's and target's X25519 keys. */
export type SubscribeRequest = SubscribeFields &
  ({ signature: Uint8Array; mac?: undefined } | { mac: Uint8Array; signature?: undefined });

/** JSON form: byte fields as `0x` hex, `timestamp` as an integer; `signature` or `mac`, never both. */
export type SubscribeRequestJson = {
  partyId: string;
  sessionId: string;
  account: string;
  timestamp: number;
} & ({ signature: string } | { mac: string });

/**
 * What the signature covers (after the domain label). `target` — the party subscribed to — is signed
 * but not sent: the receiver supplies its own id, so a request made for one server is useless at another.
 */
function signedBody(request: SubscribeFields, target: PartyId): Uint8Array {
  return new ByteWriter()
    .bytes8(utf8('partyId', request.partyId))
    .bytes8(utf8('target', target))
    .bytes8(request.sessionId)
    .fixed(request.account)
    .u64(request.timestamp)
    .finish();
}

/** The fields a subscription carries whatever authenticates it, checked and copied. */
function subscribeFields(opts: {
  partyId: PartyId;
  target: PartyId;
  sessionId: Uint8Array;
  account: Uint8Array;
  timestamp?: number;
}): SubscribeFields {
  partyIdBytes('partyId', opts.partyId);
  partyIdBytes('target', opts.target);
  checkSessionId(opts.sessionId);
  const timestamp = opts.timestamp ?? Date.now();
  checkTimestamp(timestamp);
  return {
    partyId: opts.partyId,
    sessionId: opts.sessionId.slice(),
    account: opts.account.slice(),
    timestamp,
  };
}

/** Signs a subscription of `partyId` to `target`'s stream for one session. */
export function createSubscribeRequest(opts: {
  partyId: PartyId;
  target: PartyId;
  sessionId: Uint8Array;
  signer: Sr25519Signer;
  /** Defaults to now. */
  timestamp?: number;
}): SubscribeRequest & { signature: Uint8Array } {
  const unsigned = subscribeFields({ ...opts, account: opts.signer.publicKey });
  return {
    ...unsigned,
    signature: signDomain(opts.signer, SIGNATURE_DOMAIN, signedBody(unsigned, opts.target)),
  };
}

/**
 * Authenticates a subscription of `partyId` to `target` with a MAC instead of a signature: the target
 * checks it with the subscriber's X25519 key it already knows (replaces an sr25519 signature and its
 * verification per stream between servers). Only the holders of the two X25519 keys can make it.
 */
export function createMacSubscribeRequest(opts: {
  partyId: PartyId;
  target: PartyId;
  sessionId: Uint8Array;
  /** The subscriber's account in the session (sent, and covered by the MAC). */
  account: Uint8Array;
  x25519SecretKey: Uint8Array;
  targetX25519PublicKey: Uint8Array;
  /** Defaults to now. */
  timestamp?: number;
}): SubscribeRequest & { mac: Uint8Array } {
  if (opts.account.length !== SR25519_PUBLIC_KEY_BYTES) throw malformed('account', 'expected 32 bytes');
  const fields = subscribeFields(opts);
  const { nonce, ciphertext } = sealChannel({
    label: MAC_LABEL,
    senderSecretKey: opts.x25519SecretKey,
    recipientPublicKey: opts.targetX25519PublicKey,
    associatedData: signedBody(fields, opts.target),
    plaintext: new Uint8Array(0),
  });
  return { ...fields, mac: new ByteWriter().fixed(nonce).fixed(ciphertext).finish() };
}

/**
 * Checks a subscription addressed to us (`self`): timestamp within `maxSkewMs` of `now` (`STALE`),
 * then the signature or the MAC (`BAD_SIGNATURE`). A MAC needs `channel`: our X25519 secret key and
 * the X25519 key we know for the subscriber (`BAD_KEY` without it, or for a key not known: all zero).
 * The caller still checks that `partyId` is a committee member of `sessionId` with this `account` (and,
 * for a MAC, that key), and keeps one stream per (session, party), accepting only increasing
 * timestamps, so a replay inside the window cannot take over a stream.
 */
export function verifySubscribeRequest(
  request: SubscribeRequest,
  opts: {
    self: PartyId;
    now?: number;
    maxSkewMs?: number;
    channel?: { x25519SecretKey: Uint8Array; subscriberX25519PublicKey: Uint8Array };
  },
): void {
  const { signature, mac, ...unsigned } = request;
  partyIdBytes('partyId', unsigned.partyId);
  checkSessionId(unsigned.sessionId);
  checkTimestamp(unsigned.timestamp);
  if (unsigned.account.length !== SR25519_PUBLIC_KEY_BYTES) throw malformed('account', 'expected 32 bytes');
  if (mac === undefined) {
    if (signature?.length !== SR25519_SIGNATURE_BYTES) throw malformed('signature', 'expected 64 bytes');
  } else if (signature !== undefined || mac.length !== SUBSCRIBE_MAC_BYTES) {
    throw malformed('mac', `expected ${SUBSCRIBE_MAC_BYTES} bytes and no signature`);
  }
  const now = opts.now ?? Date.now();
  const skew = Math.abs(now - unsigned.timestamp);
  if (skew > (opts.maxSkewMs ?? SUBSCRIBE_MAX_SKEW_MS)) {
    throw new WireError('Subscription timestamp is outside the accepted window', {
      code: 'STALE',
      details: { skewMs: skew },
    });
  }
  const body = signedBody(unsigned, opts.self);
  if (mac === undefined) return verifyDomain(unsigned.account, SIGNATURE_DOMAIN, body, signature);
  const key = opts.channel?.subscriberX25519PublicKey;
  if (!opts.channel || key?.length !== X25519_KEY_BYTES || key.every((b) => b === 0)) {
    throw new WireError("The subscriber's X25519 key is not known here: a MAC cannot be checked", {
      code: 'BAD_KEY',
    });
  }
  try {
    openChannel({
      label: MAC_LABEL,
      recipientSecretKey: opts.channel.x25519SecretKey,
      senderPublicKey: key,
      nonce: mac.subarray(0, NONCE_BYTES),
      associatedData: body,
      ciphertext: mac.subarray(NONCE_BYTES),
    });
  } catch (error) {
    if (error instanceof WireError && error.code === 'DECRYPT_FAILED') {
      throw new WireError('Subscription MAC does not verify', { code: 'BAD_SIGNATURE' });
    }
    throw error;
  }
}

export function subscribeRequestToJson(request: SubscribeRequest): SubscribeRequestJson {
  const fields = {
    partyId: request.partyId,
    sessionId: toHex(request.sessionId),
    account: toHex(request.account),
    timestamp: request.timestamp,
  };
  return request.mac === undefined
    ? { ...fields, signature: toHex(request.signature) }
    : { ...fields, mac: toHex(request.mac) };
}

/** Strictly decodes a parsed JSON body (exactly these fields, canonical hex, exact lengths). */
export function subscribeRequestFromJson(value: unknown): SubscribeRequest {
  const byMac =
    typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, 'mac');
  const json = strictObject('subscribe request', value, [
    'partyId',
    'sessionId',
    'account',
    'timestamp',
    byMac ? 'mac' : 'signature',
  ] as const);
  partyIdBytes('partyId', json.partyId);
  const sessionId = fromHex('sessionId', json.sessionId, { max: MAX_SESSION_ID_BYTES });
  checkSessionId(sessionId);
  checkTimestamp(json.timestamp);
  const fields = {
    partyId: json.partyId as string,
    sessionId,
    account: fromHex('account', json.account, { exact: SR25519_PUBLIC_KEY_BYTES }),
    timestamp: json.timestamp,
  };
  return byMac
    ? { ...fields, mac: fromHex('mac', json.mac, { exact: SUBSCRIBE_MAC_BYTES }) }
    : { ...fields, signature: fromHex('signature', json.signature, { exact: SR25519_SIGNATURE_BYTES }) };
}

function checkTimestamp(timestamp: unknown): asserts timestamp is number {
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw malformed('timestamp', 'expected a non-negative integer of milliseconds');
  }
}
