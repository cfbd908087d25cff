/**
 * The body of `POST /signer/subscribe_to_me`: a committee member asks another member for its stream
 * of protocol messages. Authenticated by the subscriber's sr25519 signature, bound to the session and
 * to the party subscribed to, and replay-limited by a timestamp window. See `docs/wire.md`.
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
  signDomain,
  verifyDomain,
  type Sr25519Signer,
} from './crypto';
import { WireError, malformed } from './errors';
import type { PartyId } from './frame';

const SIGNATURE_DOMAIN = 'entropy-wallet/v1/subscribe/signature';
/** Default accepted distance between a request's timestamp and the receiver's clock. */
export const SUBSCRIBE_MAX_SKEW_MS = 60_000;

export interface SubscribeRequest {
  /** The subscriber's party id in the session. */
  partyId: PartyId;
  sessionId: Uint8Array;
  /** The subscriber's sr25519 public key, which signed the request. */
  account: Uint8Array;
  /** Milliseconds since the Unix epoch when the request was made. */
  timestamp: number;
  signature: Uint8Array;
}

/** JSON form: `sessionId`, `account` and `signature` as `0x` hex, `timestamp` as an integer. */
export interface SubscribeRequestJson {
  partyId: string;
  sessionId: string;
  account: string;
  timestamp: number;
  signature: string;
}

/**
 * What the signature covers (after the domain label). `target` — the party subscribed to — is signed
 * but not sent: the receiver supplies its own id, so a request made for one server is useless at another.
 */
function signedBody(request: Omit<SubscribeRequest, 'signature'>, target: PartyId): Uint8Array {
  return new ByteWriter()
    .bytes8(utf8('partyId', request.partyId))
    .bytes8(utf8('target', target))
    .bytes8(request.sessionId)
    .fixed(request.account)
    .u64(request.timestamp)
    .finish();
}

/** Signs a subscription of `partyId` to `target`'s stream for one session. */
export function createSubscribeRequest(opts: {
  partyId: PartyId;
  target: PartyId;
  sessionId: Uint8Array;
  signer: Sr25519Signer;
  /** Defaults to now. */
  timestamp?: number;
}): SubscribeRequest {
  partyIdBytes('partyId', opts.partyId);
  partyIdBytes('target', opts.target);
  checkSessionId(opts.sessionId);
  const timestamp = opts.timestamp ?? Date.now();
  checkTimestamp(timestamp);
  const unsigned = {
    partyId: opts.partyId,
    sessionId: opts.sessionId.slice(),
    account: opts.signer.publicKey.slice(),
    timestamp,
  };
  return {
    ...unsigned,
    signature: signDomain(opts.signer, SIGNATURE_DOMAIN, signedBody(unsigned, opts.target)),
  };
}

/**
 * Checks a subscription addressed to us (`self`): timestamp within `maxSkewMs` of `now` (`STALE`),
 * then the signature (`BAD_SIGNATURE`). The caller still checks that `partyId` is a committee member
 * of `sessionId` with this `account`, and keeps one stream per (session, party), accepting only
 * increasing timestamps, so a replay inside the window cannot take over a stream.
 */
export function verifySubscribeRequest(
  request: SubscribeRequest,
  opts: { self: PartyId; now?: number; maxSkewMs?: number },
): void {
  const { signature, ...unsigned } = request;
  partyIdBytes('partyId', unsigned.partyId);
  checkSessionId(unsigned.sessionId);
  checkTimestamp(unsigned.timestamp);
  if (unsigned.account.length !== SR25519_PUBLIC_KEY_BYTES) throw malformed('account', 'expected 32 bytes');
  if (signature.length !== SR25519_SIGNATURE_BYTES) throw malformed('signature', 'expected 64 bytes');
  const now = opts.now ?? Date.now();
  const skew = Math.abs(now - unsigned.timestamp);
  if (skew > (opts.maxSkewMs ?? SUBSCRIBE_MAX_SKEW_MS)) {
    throw new WireError('Subscription timestamp is outside the accepted window', {
      code: 'STALE',
      details: { skewMs: skew },
    });
  }
  verifyDomain(unsigned.account, SIGNATURE_DOMAIN, signedBody(unsigned, opts.self), signature);
}

export function subscribeRequestToJson(request: SubscribeRequest): SubscribeRequestJson {
  return {
    partyId: request.partyId,
    sessionId: toHex(request.sessionId),
    account: toHex(request.account),
    timestamp: request.timestamp,
    signature: toHex(request.signature),
  };
}

/** Strictly decodes a parsed JSON body (exactly these fields, canonical hex, exact lengths). */
export function subscribeRequestFromJson(value: unknown): SubscribeRequest {
  const json = strictObject('subscribe request', value, [
    'partyId',
    'sessionId',
    'account',
    'timestamp',
    'signature',
  ] as const);
  partyIdBytes('partyId', json.partyId);
  const sessionId = fromHex('sessionId', json.sessionId, { max: MAX_SESSION_ID_BYTES });
  checkSessionId(sessionId);
  checkTimestamp(json.timestamp);
  return {
    partyId: json.partyId as string,
    sessionId,
    account: fromHex('account', json.account, { exact: SR25519_PUBLIC_KEY_BYTES }),
    timestamp: json.timestamp,
    signature: fromHex('signature', json.signature, { exact: SR25519_SIGNATURE_BYTES }),
  };
}

function checkTimestamp(timestamp: unknown): asserts timestamp is number {
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw malformed('timestamp', 'expected a non-negative integer of milliseconds');
  }
}
