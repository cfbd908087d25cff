import { equalBytes, randomBytes } from '@noble/curves/utils.js';
import { taggedHash, utf8 } from './hash';
import type { PartyId } from './types';

/** Hash commitment bound to purpose, session and committer; hiding by a 32-byte random salt. */
export const COMMITMENT_BYTES = 32;
export const SALT_BYTES = 32;

function digest(
  purpose: string,
  sessionId: Uint8Array,
  committer: PartyId,
  salt: Uint8Array,
  value: Uint8Array,
) {
  return taggedHash(`commit/${purpose}`, sessionId, utf8(committer), salt, value);
}

export function commit(purpose: string, sessionId: Uint8Array, committer: PartyId, value: Uint8Array) {
  const salt = randomBytes(SALT_BYTES);
  return { commitment: digest(purpose, sessionId, committer, salt, value), salt };
}

export function opensCommitment(
  purpose: string,
  sessionId: Uint8Array,
  committer: PartyId,
  commitment: Uint8Array,
  salt: Uint8Array,
  value: Uint8Array,
): boolean {
  return equalBytes(commitment, digest(purpose, sessionId, committer, salt, value));
}
