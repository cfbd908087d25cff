/**
 * DKLs23 n-of-n threshold ECDSA over secp256k1 (see docs/protocol.md).
 */
import type { KeyShare } from './keyShare';
import type { PartyId, ProtocolMachine, Signature } from './types';

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

export function createDkg(_opts: {
  sessionId: Uint8Array;
  self: PartyId;
  parties: PartyId[];
}): ProtocolMachine<KeyShare> {
  throw new Error('not implemented');
}

export function createSigning(_opts: {
  sessionId: Uint8Array;
  share: KeyShare;
  parties: PartyId[];
  messageHash: Uint8Array;
}): ProtocolMachine<Signature> {
  throw new Error('not implemented');
}

export function ethereumAddress(_verifyingKey: Uint8Array): `0x${string}` {
  throw new Error('not implemented');
}
