/**
 * DKLs23 n-of-n threshold ECDSA over secp256k1 (see docs/protocol.md).
 */
export type {
  IncomingMessage,
  OutgoingMessage,
  PartyId,
  ProtocolMachine,
  ProtocolStep,
  Signature,
} from './types';
export type { KeyShare, PairwiseOt } from './keyShare';
export { encodeKeyShare, decodeKeyShare } from './keyShare';
export { ProtocolError } from './errors';
export type { ProtocolErrorCode, ProtocolErrorDetails } from './errors';
export { createDkg } from './dkg';
export { assertCanSign, createSigning } from './signing';
export { MAX_RUNS_PER_SETUP } from './pairState';
export { applyRunRecords, encodeRunRecord } from './runRecord';
export { createOtSetup } from './otSetup';
export { ethereumAddress } from './address';
export { runLocally } from './simulate';
export { protocolReady } from './ready';
export type { ProtocolBackends } from './ready';
export { sha256, sha256Backend, sha256Ready } from './sha256';
export type { Sha256Backend } from './sha256';
export type { Delivery } from './simulate';
