import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, randomBytes } from '@noble/curves/utils.js';
import { recoverAddress } from 'viem';
import { expect } from 'vitest';
import { ethereumAddress } from './address';
import { G, Point, randomScalar } from './curve';
import { createDkg } from './dkg';
import { ProtocolError } from './errors';
import { decodeKeyShare, encodeKeyShare, type KeyShare, type PairwiseOt } from './keyShare';
import { createSigning } from './signing';
import { runLocally } from './simulate';
import type { Delivery } from './simulate';
import type { PartyId, Signature } from './types';

/** Helpers shared by the protocol's tests (not part of the public API). */
export function partyIds(n: number): PartyId[] {
  return Array.from({ length: n }, (_, i) => `party-${i}`);
}

export function runDkg(
  parties: PartyId[],
  intercept?: (d: Delivery) => Uint8Array | null,
  sessionId: Uint8Array = randomBytes(32),
): Map<PartyId, KeyShare> {
  return runLocally(new Map(parties.map((p) => [p, createDkg({ sessionId, self: p, parties })])), intercept);
}

/**
 * Where a mutation run keeps honest DKG results across its many runs of the same tests
 * (`scripts/mutate-dkg-fixtures.ts`, installed by vitest.mutate.config.ts); absent in every other run.
 */
interface DkgFixtures {
  get(key: string): Uint8Array[] | undefined;
  set(key: string, shares: Uint8Array[]): void;
}

/**
 * The honest DKG a test file sets up with (not a DKG under test: those call `runDkg`). A mutation run
 * reuses its first result, so each mutant costs its tests, not a DKG per file; the DKG's own checks are
 * tested by the tests that call `runDkg`.
 */
export function setupDkg(parties: PartyId[]): Map<PartyId, KeyShare> {
  const fixtures = (globalThis as { entropyDkgFixtures?: DkgFixtures }).entropyDkgFixtures;
  const key = parties.join(',');
  const cached = fixtures?.get(key);
  if (cached) return new Map(cached.map((bytes) => decodeKeyShare(bytes)).map((s) => [s.partyId, s]));
  const shares = runDkg(parties);
  fixtures?.set(
    key,
    [...shares.values()].map((s) => encodeKeyShare(s)),
  );
  return shares;
}

export function runSigning(
  shares: KeyShare[],
  messageHash: Uint8Array,
  intercept?: (d: Delivery) => Uint8Array | null,
  sessionId: Uint8Array = randomBytes(32),
): Map<PartyId, Signature> {
  const parties = shares.map((s) => s.partyId);
  return runLocally(
    new Map(
      shares.map((share) => [share.partyId, createSigning({ sessionId, share, parties, messageHash })]),
    ),
    intercept,
  );
}

/** Flips one bit of a payload at `offsetFromEnd` bytes before its end. */
export function flipBit(payload: Uint8Array, offsetFromEnd: number): Uint8Array {
  const out = payload.slice();
  out[out.length - 1 - offsetFromEnd]! ^= 0x01;
  return out;
}

/** All parties got the same 65-byte r‖s‖v; it verifies (low s) and recovers to the group's address. */
export async function expectValid(
  shares: KeyShare[],
  sigs: Map<PartyId, Signature>,
  messageHash: Uint8Array,
) {
  const vk = shares[0]!.verifyingKey;
  expect(sigs.size).toBe(shares.length);
  const first = sigs.get(shares[0]!.partyId)!;
  for (const sig of sigs.values()) expect(bytesToHex(sig.bytes)).toBe(bytesToHex(first.bytes));
  expect(first.bytes.length).toBe(65);
  expect(first.bytes[64]).toBe(first.recovery);
  expect(secp256k1.verify(first.bytes.subarray(0, 64), messageHash, vk, { prehash: false })).toBe(true);
  expect(BigInt(`0x${bytesToHex(first.s)}`) <= secp256k1.Point.Fn.ORDER / 2n).toBe(true);
  const recovered = await recoverAddress({
    hash: `0x${bytesToHex(messageHash)}`,
    signature: `0x${bytesToHex(first.bytes)}`,
  });
  expect(recovered).toBe(ethereumAddress(vk));
}

/** The `ProtocolError` that `run` throws; anything else, or nothing thrown, fails the test. */
export function refusalOf(run: () => unknown): ProtocolError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
  throw new Error('expected the machine to refuse');
}

/**
 * A key share consistent in everything the decoder checks (Σ pk_j = pk, sk_i·G = pk_i, one OT setup per
 * peer) for any party list — also ones a DKG never makes — so each test breaks exactly one property.
 */
export function syntheticShare(parties: string[], self = parties[0]!): KeyShare {
  const secrets = parties.map(() => randomScalar());
  const points = secrets.map((sk) => G.multiply(sk));
  const pair = (): PairwiseOt => ({
    asSender: { delta: randomBytes(32), seeds: randomBytes(256 * 32) },
    asReceiver: { seeds0: randomBytes(256 * 32), seeds1: randomBytes(256 * 32) },
    discarded: false,
    generation: 0,
    setupId: randomBytes(16),
    runs: new Set(),
  });
  return {
    partyId: self,
    parties,
    verifyingKey: points.reduce((acc, p) => acc.add(p), Point.ZERO).toBytes(true),
    secretShare: secrets[parties.indexOf(self)]!,
    publicShares: points.map((p) => p.toBytes(true)),
    ot: new Map(parties.filter((p) => p !== self).map((p) => [p, pair()])),
  };
}
