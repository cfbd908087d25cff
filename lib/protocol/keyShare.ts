import { equalBytes } from '@noble/curves/utils.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { KAPPA, SEED_BYTES } from './baseOt';
import { Reader, Writer } from './codec';
import { G, Point, keyPointFromBytes, pointFromBytes, pointToBytes, q, scalarToBytes } from './curve';
import * as ec from './ecWasm';
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
  /**
   * How many times this pair has been set up (the DKG's setup is 0). Both parties of the pair hold the
   * same number; a copy holding an older one (a backup, a group replica, a device restored elsewhere) is
   * stale and is refused by the other side (OT_STALE).
   */
  generation: number;
  /**
   * Names the run that made this setup (a digest of its session id, `setupDigest`): both parties of the
   * pair and every copy of it hold the same. Two members of a group that each renewed the pair at once
   * make setups of one generation; the group keeps the one with the smaller id (devnet/tss/replicas.ts).
   * All zero in a share encoded before version 3.
   */
  setupId: Uint8Array;
  /** Digests of the session ids this setup has run (see pairState.ts): an id never runs twice. */
  runs: Set<string>;
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

const KEY_SHARE_VERSION = 3;
/** Version 2 (before setup ids) still decodes: an all-zero setup id. */
const KEY_SHARE_V2 = 2;
/** Version 1 (before generations and run records) still decodes: generation 0, no runs recorded. */
const KEY_SHARE_V1 = 1;
const MAX_PARTIES = 16;
export const MAX_GENERATION = 0xffffffff;
/** Bytes of a session-id digest in a pair's run record. */
export const RUN_DIGEST_BYTES = 16;
/** Bytes of a pair's setup id. */
export const SETUP_ID_BYTES = 16;

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
      .u32(ot.generation)
      .bytes(ot.setupId)
      .u16(ot.runs.size);
    for (const run of ot.runs) w.bytes(hexToBytes(run));
    w.bytes(ot.asSender.delta)
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
  if (version !== KEY_SHARE_VERSION && version !== KEY_SHARE_V2 && version !== KEY_SHARE_V1)
    throw r.fail(`unsupported version ${version}`);
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
    const generation = version === KEY_SHARE_V1 ? 0 : r.u32();
    const setupId =
      version === KEY_SHARE_VERSION ? r.bytes(SETUP_ID_BYTES).slice() : new Uint8Array(SETUP_ID_BYTES);
    const runs = new Set<string>();
    const count = version === KEY_SHARE_V1 ? 0 : r.u16();
    for (let i = 0; i < count; i++) runs.add(bytesToHex(r.bytes(RUN_DIGEST_BYTES)));
    if (runs.size !== count) throw r.fail('a session id is recorded twice');
    ot.set(p, {
      discarded: flag === 1,
      generation,
      setupId,
      runs,
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
  const share = { partyId, parties, verifyingKey, secretShare, publicShares, ot };
  // The checks just made are checkKeyShare's: its first use need not make them again.
  rememberChecked(share);
  return share;
}

function invalid(reason: string): ProtocolError {
  return new ProtocolError(`Invalid key share: ${reason}`, { code: 'BAD_INPUT', details: { reason } });
}

const isBytes = (value: unknown, length: number): value is Uint8Array =>
  value instanceof Uint8Array && value.length === length;

function checkPair(ot: unknown, peer: PartyId): asserts ot is PairwiseOt {
  const pair = ot as Partial<PairwiseOt> | null;
  if (typeof pair !== 'object' || pair === null) throw invalid(`the OT setup with ${peer} is not an object`);
  const { asSender, asReceiver } = pair;
  if (
    typeof asSender !== 'object' ||
    asSender === null ||
    !isBytes(asSender.delta, KAPPA / 8) ||
    !isBytes(asSender.seeds, KAPPA * SEED_BYTES) ||
    typeof asReceiver !== 'object' ||
    asReceiver === null ||
    !isBytes(asReceiver.seeds0, KAPPA * SEED_BYTES) ||
    !isBytes(asReceiver.seeds1, KAPPA * SEED_BYTES)
  ) {
    throw invalid(`the OT setup with ${peer} has malformed seeds`);
  }
  if (typeof pair.discarded !== 'boolean') throw invalid(`the OT setup with ${peer} has no discarded flag`);
  if (!Number.isInteger(pair.generation) || pair.generation! < 0 || pair.generation! > MAX_GENERATION)
    throw invalid(`the OT setup with ${peer} has no valid generation`);
  if (!isBytes(pair.setupId, SETUP_ID_BYTES))
    throw invalid(`the OT setup with ${peer} has no valid setup id`);
  if (!(pair.runs instanceof Set) || [...pair.runs].some((r) => !/^[0-9a-f]{32}$/.test(r as string)))
    throw invalid(`the OT setup with ${peer} has a malformed run record`);
}

/**
 * The public values (and party index) each share object last passed `checkPublicValues` with. A share is
 * checked at every run it starts (a server's at every signing and every request for one), and its
 * public values never change after the DKG: the point decoding, the sum and the base multiplication run
 * again only when one of the values differs from those checked. Keyed by the object, so it goes with it.
 */
const publicValuesChecked = new WeakMap<
  KeyShare,
  { index: number; secretShare: bigint; verifyingKey: Uint8Array; publicShares: Uint8Array[] }
>();

function checkedBefore(share: KeyShare): boolean {
  const seen = publicValuesChecked.get(share);
  return (
    seen !== undefined &&
    seen.index === share.parties.indexOf(share.partyId) &&
    seen.secretShare === share.secretShare &&
    equalBytes(seen.verifyingKey, share.verifyingKey) &&
    seen.publicShares.length === share.publicShares.length &&
    seen.publicShares.every(
      (pk, i) => isBytes(share.publicShares[i], 33) && equalBytes(pk, share.publicShares[i]!),
    )
  );
}

/** Σ pk_j = pk and sk_i·G = pk_i, with every key a compressed point; remembered for the share object. */
function checkPublicValues(share: KeyShare): void {
  const vk = keyPointFromBytes(share.verifyingKey);
  if (!vk) throw invalid('verifyingKey is not a compressed point');
  const points = share.publicShares.map((pk) => (isBytes(pk, 33) ? keyPointFromBytes(pk) : undefined));
  if (points.some((pk) => pk === undefined)) throw invalid('a public share is not a compressed point');
  // libsecp256k1 (replaces noble's sum and G.multiply, which checked every signing's share at ~10× the cost;
  // sk·G is constant-time there).
  const sum = ec.sum(points as Uint8Array[]);
  if (!sum || !equalBytes(sum, vk)) throw invalid('public shares do not sum to the verifying key');
  const index = share.parties.indexOf(share.partyId);
  if (!equalBytes(ec.mulBase(scalarToBytes(share.secretShare)), points[index]!))
    throw invalid('secretShare does not match its public share');
  rememberChecked(share);
}

function rememberChecked(share: KeyShare): void {
  publicValuesChecked.set(share, {
    index: share.parties.indexOf(share.partyId),
    secretShare: share.secretShare,
    verifyingKey: share.verifyingKey.slice(),
    publicShares: share.publicShares.map((pk) => pk.slice()),
  });
}

/**
 * Checks a key share given by a caller before any run uses it: every field's type and size, the party
 * list, the public values' consistency (Σ pk_j = pk, sk_i·G = pk_i) and the pairwise OT setups — every
 * peer's (`pairs: 'all'`), or only those present (`'present'`: a share being set up again after a
 * restore may lack some). Throws `ProtocolError` (BAD_INPUT), never a `TypeError`.
 */
export function checkKeyShare(share: unknown, pairs: 'all' | 'present' = 'all'): asserts share is KeyShare {
  if (typeof share !== 'object' || share === null) throw invalid('not an object');
  const s = share as Partial<KeyShare>;
  const parties = s.parties;
  if (
    !Array.isArray(parties) ||
    parties.length < 2 ||
    parties.length > MAX_PARTIES ||
    parties.some((p) => typeof p !== 'string' || p.length === 0 || p.length > 64)
  ) {
    throw invalid('parties must list 2..16 party ids');
  }
  const canonical = canonicalParties(parties);
  if (new Set(parties).size !== parties.length || canonical.some((p, i) => p !== parties[i]))
    throw invalid('parties must be sorted and unique');
  if (typeof s.partyId !== 'string' || !parties.includes(s.partyId))
    throw invalid('partyId must be one of the parties');
  if (!isBytes(s.verifyingKey, 33)) throw invalid('verifyingKey is not a compressed point');
  if (typeof s.secretShare !== 'bigint' || s.secretShare <= 0n || s.secretShare >= q)
    throw invalid('secretShare is not a non-zero scalar');
  const publicShares = s.publicShares;
  if (!Array.isArray(publicShares) || publicShares.length !== parties.length)
    throw invalid('publicShares must have one point per party');
  if (!checkedBefore(s as KeyShare)) checkPublicValues(s as KeyShare);
  if (!(s.ot instanceof Map)) throw invalid('ot must be a Map of pairwise OT setups');
  for (const [peer, ot] of s.ot) {
    if (typeof peer !== 'string' || peer === s.partyId || !parties.includes(peer))
      throw invalid('an OT setup is for a party outside the share');
    checkPair(ot, peer);
  }
  if (pairs === 'all') {
    const missing = parties.find((p) => p !== s.partyId && !s.ot!.has(p));
    if (missing !== undefined) throw invalid(`no OT setup with ${missing}`);
  }
}
