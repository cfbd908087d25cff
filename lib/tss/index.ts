/**
 * Client side of the TSS servers' HTTP/SSE API (docs/tss.md), shared by the wallet's service worker,
 * the servers themselves (to subscribe to each other) and the tests.
 */
export { TssClientError } from './errors';
export type { RequestOptions } from './http';
export type { SignatureQuery } from './client';
export {
  getHealth,
  getSignature,
  pollSignature,
  postMessage,
  postOtSetup,
  postUserNew,
  postUserTx,
  postUserTxWhenFree,
} from './client';
export { metered, sessionMeter, setMeterClock, type SessionMeter } from './meter';
export { streamDecoder, subscribe, SUBSCRIBE_ACCEPT } from './subscribe';
export {
  decodeSessionEvent,
  EVENT_RECORDS_CONTENT_TYPE,
  EventRecordReader,
  eventRecord,
  RECORD_EVENT,
  RECORD_FRAME,
  RECORD_HEADER_BYTES,
  RECORD_KEEP_ALIVE,
  recordHeader,
} from './events';
export { partiesOf, publicSharesOf, type PublicShares } from './public-shares';
export { groupPartyId, otSetupSessionId, registrationSessionId, signingSessionId } from './session-id';
export type {
  ConstraintResult,
  ErrorBody,
  SessionEvent,
  SessionFailure,
  SessionState,
  SessionStatus,
  SignatureResult,
  UserNewRequest,
  UserTxRequest,
  UserTxResponse,
} from './types';
export {
  runUserParty,
  type CommitteePeer,
  type UserPartyOptions,
  type UserPartyTransport,
} from './user-party';
