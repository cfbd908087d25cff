import { KAPPA, SEED_BYTES } from './baseOt';
import { Reader, Writer } from './codec';
import { G, Point, pointFromBytes, pointToBytes } from './curve';
import { ProtocolError } from './errors';
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

const KEY_SHARE_VERSION = 1;
const MAX_PARTIES = 16;

/** Canonical party order: sorted by code units, no duplicates. Every party derives the same order. */
export function canonicalParties(parties: readonly PartyId[]): PartyId[] {
  return [...parties].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Versioned binary encoding of a key share (secret: store it encrypted). */
export function encodeKeyShare(share: KeyShare): Uint8Array {
  const w = new Writer().u8(KEY_SHARE_VERSION).string(share.partyId).u8(share.parties.length);
  for (const p of share.parties) w.string(p);
  w.bytes(share.verifyingKey).scalar(share.secretShare);
  for (const pk of share.publicShares) w.bytes(pk);
  for (const p of share.parties) {
    if (p === share.partyId) continue;
    const ot = share.ot.get(p);
    if (!ot) throw new ProtocolError(`Key share has no OT setup for ${p}`, { code: 'BAD_INPUT' });
    w.u8(ot.discarded ? 1 : 0)
      .bytes(ot.asSender.delta)
      .bytes(ot.asSender.seeds)
      .bytes(ot.asReceiver.seeds0)
      .bytes(ot.asReceiver.seeds1);
  }
  return w.finish();
}

/** Strict decoder: checks lengths, ranges, party list, and that the public values are consistent. */
export function decodeKeyShare(bytes: Uint8Array): KeyShare {
  if (!(bytes instanceof Uint8Array))
    throw new ProtocolError('Key share must be bytes', { code: 'MALFORMED' });
  const r = new Reader(bytes, { what: 'key share' });
  const version = r.u8();
  if (version !== KEY_SHARE_VERSION) throw r.fail(`unsupported version ${version}`);
  const partyId = r.partyId();
  const n = r.u8();
  if (n < 2 || n > MAX_PARTIES) throw r.fail(`party count ${n} out of range`);
  const parties: PartyId[] = [];
  for (let i = 0; i < n; i++) parties.push(r.partyId());
  const canonical = canonicalParties(parties);
  if (new Set(parties).size !== n || canonical.some((p, i) => p !== parties[i])) {
    throw r.fail('party list not sorted and unique');
  }
  if (!parties.includes(partyId)) throw r.fail('own party id not in the party list');
  const verifyingKey = pointToBytes(r.point());
  const secretShare = r.scalar();
  const publicShares: Uint8Array[] = [];
  for (let i = 0; i < n; i++) publicShares.push(pointToBytes(r.point()));
  const ot = new Map<PartyId, PairwiseOt>();
  for (const p of parties) {
    if (p === partyId) continue;
    const flag = r.u8();
    if (flag > 1) throw r.fail('bad discarded flag');
    ot.set(p, {
      discarded: flag === 1,
      asSender: { delta: r.bytes(KAPPA / 8).slice(), seeds: r.bytes(KAPPA * SEED_BYTES).slice() },
      asReceiver: {
        seeds0: r.bytes(KAPPA * SEED_BYTES).slice(),
        seeds1: r.bytes(KAPPA * SEED_BYTES).slice(),
      },
    });
  }
  r.end();
  const sum = publicShares.reduce((acc, pk) => acc.add(pointFromBytes(pk)!), Point.ZERO);
  if (sum.is0() || !sum.equals(pointFromBytes(verifyingKey)!))
    throw r.fail('public shares do not sum to the verifying key');
  const own = publicShares[parties.indexOf(partyId)]!;
  if (!G.multiply(secretShare).equals(pointFromBytes(own)!))
    throw r.fail('secret share does not match its public share');
  return { partyId, parties, verifyingKey, secretShare, publicShares, ot };
}
