/**
 * Wire formats shared by the wallet's service worker and the TSS servers: the encrypted, signed
 * envelope (HTTP bodies), signed protocol-message frames (SSE and `POST /signer/message`) and the
 * subscribe request. Every decoder and opener throws only `WireError` on bad input. See `docs/wire.md`.
 */
export { WireError, type WireErrorCode } from './errors';
export {
  checkedOutput,
  noblePrimitives,
  setWirePrimitives,
  wirePrimitives,
  type WirePrimitives,
} from './primitives';
export {
  randomX25519SecretKey,
  sr25519Signer,
  ss58Address,
  x25519PublicKey,
  type Sr25519Signer,
} from './crypto';
export {
  ENVELOPE_VERSION,
  MAX_ENVELOPE_PLAINTEXT_BYTES,
  envelopeFromJson,
  envelopeToJson,
  openEnvelope,
  sealEnvelope,
  type Envelope,
  type EnvelopeJson,
  type EnvelopeSender,
  type OpenedEnvelope,
} from './envelope';
export {
  FRAME_VERSION,
  MAX_FRAME_BYTES,
  MAX_FRAME_PAYLOAD_BYTES,
  assertFrameSession,
  decodeFrame,
  encodeFrame,
  frameBytesFromText,
  frameFromText,
  frameToText,
  openFrame,
  sealFrame,
  type BroadcastFrame,
  type DirectFrame,
  type Frame,
  type FrameExpectations,
  type FrameSender,
  type OpenedFrame,
  type PartyId,
} from './frame';
export {
  SUBSCRIBE_MAC_BYTES,
  SUBSCRIBE_MAX_SKEW_MS,
  createMacSubscribeRequest,
  createSubscribeRequest,
  subscribeRequestFromJson,
  subscribeRequestToJson,
  verifySubscribeRequest,
  type SubscribeRequest,
  type SubscribeRequestJson,
} from './subscribe';
