import type { PartyId } from './types';

/**
 * The pairwise OT setup one party holds for one counterparty (DKLs23 §5: each ordered pair runs its own
 * OT extension, so every pair holds base OTs in both directions).
 */
export interface PairwiseOt {
  /** We are the OT-extension sender (multiplication "Alice"): base-OT receiver with choice bits Δ. */
  asSender: { delta: Uint8Array; seeds: Uint8Array };
  /** We are the OT-extension receiver (multiplication "Bob"): base-OT sender holding both seeds. */
  asReceiver: { seeds0: Uint8Array; seeds1: Uint8Array };
  /** Set after a failed OT consistency check: the correlation may have leaked and must never be reused. */
  discarded: boolean;
}

/** One party's output of the DKG. Everything but the public fields is secret. */
export interface KeyShare {
  partyId: PartyId;
  /** All parties of the group, in canonical (sorted) order. */
  parties: PartyId[];
  /** The group's ECDSA verifying key, 33-byte compressed. */
  verifyingKey: Uint8Array;
  /** Additive share sk_i of the secret key: Σ sk_i = sk. */
  secretShare: bigint;
  /** pk_j = sk_j·G for every party, aligned with `parties`, 33-byte compressed. */
  publicShares: Uint8Array[];
  /** Pairwise OT setup per counterparty. */
  ot: Map<PartyId, PairwiseOt>;
}

export function encodeKeyShare(_share: KeyShare): Uint8Array {
  throw new Error('not implemented');
}

export function decodeKeyShare(_bytes: Uint8Array): KeyShare {
  throw new Error('not implemented');
}
