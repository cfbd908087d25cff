import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import * as baseOt from './baseOt';
import { KAPPA, SEED_BYTES } from './baseOt';
import { Reader } from './codec';
import { G, Point, q, randomScalar, scalarToBytes } from './curve';
import type { Point as CurvePoint } from './curve';
import * as ec from './ecWasm';
import { ProtocolError } from './errors';
import { taggedHash, u32Bytes } from './hash';
import { PairSetup } from './pairSetup';

/**
 * The base OT's point arithmetic moved from noble to libsecp256k1 (ecWasm.ts). These tests run the
 * previous noble computation on the same scalars and require every byte that is sent or hashed to be
 * the same, so setups made before and after interoperate and existing shares stay valid.
 */
const bitOf = (bits: Uint8Array, i: number) => (bits[i >>> 3]! >>> (i & 7)) & 1;
const key = (ctx: Uint8Array, i: number, A: CurvePoint, B: CurvePoint, shared: CurvePoint) =>
  taggedHash('base-ot/key', ctx, u32Bytes(i), A.toBytes(true), B.toBytes(true), shared.toBytes(true));
const h2 = (rho: Uint8Array) => taggedHash('base-ot/verify-2', taggedHash('base-ot/verify-1', rho));

/** The receiver as it was computed with noble (redrawing b when B_i is the identity or A). */
function nobleReceiver(ctx: Uint8Array, A: CurvePoint, choices: Uint8Array, scalars: bigint[]) {
  let next = 0;
  const B: CurvePoint[] = [];
  const seeds = new Uint8Array(KAPPA * SEED_BYTES);
  for (let i = 0; i < KAPPA; i++) {
    let Bi: CurvePoint;
    let b: bigint;
    do {
      b = scalars[next++]!;
      Bi = bitOf(choices, i) ? G.multiply(b).add(A) : G.multiply(b);
    } while (Bi.is0() || Bi.equals(A));
    B.push(Bi);
    seeds.set(key(ctx, i, A, Bi, A.multiply(b)), i * SEED_BYTES);
  }
  return { B: B.map((p) => bytesToHex(p.toBytes(true))), seeds: bytesToHex(seeds), used: next };
}

/** The sender as it was computed with noble. */
function nobleSender(ctx: Uint8Array, a: bigint, A: CurvePoint, B: CurvePoint[]) {
  const aA = A.multiply(a);
  const seeds0 = new Uint8Array(KAPPA * SEED_BYTES);
  const seeds1 = new Uint8Array(KAPPA * SEED_BYTES);
  const challenge = new Uint8Array(KAPPA * 32);
  B.forEach((Bi, i) => {
    const rho0 = key(ctx, i, A, Bi, Bi.multiplyUnsafe(a));
    const rho1 = key(ctx, i, A, Bi, Bi.multiplyUnsafe(a).subtract(aA));
    seeds0.set(rho0, i * SEED_BYTES);
    seeds1.set(rho1, i * SEED_BYTES);
    const x0 = h2(rho0);
    const x1 = h2(rho1);
    challenge.set(
      x0.map((v, j) => v ^ x1[j]!),
      i * 32,
    );
  });
  return { seeds0: bytesToHex(seeds0), seeds1: bytesToHex(seeds1), challenge: bytesToHex(challenge) };
}

function hexAll(keys: { seeds0: Uint8Array; seeds1: Uint8Array; challenge: Uint8Array }) {
  return {
    seeds0: bytesToHex(keys.seeds0),
    seeds1: bytesToHex(keys.seeds1),
    challenge: bytesToHex(keys.challenge),
  };
}

describe('base OT on libsecp256k1: byte-identical to the noble computation', () => {
  const sid = randomBytes(32);
  const ctx = baseOt.baseOtContext(sid, 'bob', 'alice');
  const s = baseOt.senderStart(sid, 'bob', 'alice');
  const choices = randomBytes(KAPPA / 8);
  // Instance 0 draws b = a first (b·G = A: with ω = 0, B_0 = A) and instance 1 draws b = q − a first
  // (b·G + A = O: with ω = 1, B_1 is the identity): both must be redrawn, as noble's loop did.
  choices[0] = (choices[0]! & ~3) | 2;
  const scalars = [s.a, randomScalar(), q - s.a, ...Array.from({ length: KAPPA }, randomScalar)];
  const noble = nobleReceiver(ctx, s.A, choices, scalars);
  let next = 0;
  const r = baseOt.receiverChoose(ctx, s.A, choices, () => scalarToBytes(scalars[next++]!));

  it('receiver: the same B_i and keys, redrawing the same scalars', () => {
    expect(noble.used).toBe(KAPPA + 2);
    expect(next).toBe(noble.used);
    expect(r.B.map(bytesToHex)).toEqual(noble.B);
    expect(bytesToHex(r.seeds)).toBe(noble.seeds);
  });

  it('sender: the same two keys and challenge per instance, from compressed or decoded B_i', () => {
    const nobleKeys = nobleSender(
      ctx,
      s.a,
      s.A,
      r.B.map((b) => Point.fromBytes(b)),
    );
    expect(hexAll(baseOt.senderKeys(ctx, s.a, s.A, r.B)!)).toEqual(nobleKeys);
    const wire = new Reader(Uint8Array.from(r.B.flatMap((b) => [...b])), { what: 'test' });
    expect(hexAll(baseOt.senderKeys(ctx, s.a, s.A, PairSetup.read2(wire))!)).toEqual(nobleKeys);
    // And the pair agrees: the receiver's key is the sender's key for its choice.
    const keys = baseOt.senderKeys(ctx, s.a, s.A, r.B)!;
    for (const i of [0, 1, 2, KAPPA - 1]) {
      const chosen = bitOf(choices, i) ? keys.seeds1 : keys.seeds0;
      const at = (x: Uint8Array) => bytesToHex(x.subarray(i * SEED_BYTES, (i + 1) * SEED_BYTES));
      expect(at(r.seeds)).toBe(at(chosen));
    }
  });

  it('sender: B_i = A is refused, in either encoding', () => {
    for (const A of [s.A.toBytes(true), s.A.toBytes(false)]) {
      const B = r.B.slice();
      B[KAPPA - 1] = A;
      expect(baseOt.senderKeys(ctx, s.a, s.A, B)).toBeUndefined();
    }
  });
});

describe('libsecp256k1 inputs', () => {
  const P = G.multiply(randomScalar()).toBytes(true);

  it('decoding a B_i refuses what noble refused: off the curve, x ≥ p, a wrong prefix, the wrong length', () => {
    const offCurve = new Uint8Array(33);
    offCurve[0] = 2; // x = 0: 7 is not a square mod p
    const xTooBig = new Uint8Array(33).fill(0xff);
    xTooBig[0] = 2;
    const badPrefix = P.slice();
    badPrefix[0] = 4;
    for (const bad of [offCurve, xTooBig, badPrefix, P.subarray(0, 32), new Uint8Array(33)]) {
      expect(ec.decodeCompressed(bad)).toBeUndefined();
      expect(() => Point.fromBytes(bad)).toThrow();
    }
    expect(bytesToHex(ec.decodeCompressed(P)!)).toBe(bytesToHex(Point.fromBytes(P).toBytes(false)));
  });

  it('a bad B_i on the wire is a MALFORMED ProtocolError naming the sender', () => {
    const payload = new Uint8Array(33 * KAPPA);
    for (let i = 0; i < KAPPA; i++) payload.set(P, i * 33);
    payload[33 * 5] = 4;
    const read = () =>
      PairSetup.read2(new Reader(payload, { culprit: 'mallory', what: 'DKG round 2', round: 2 }));
    expect(read).toThrow(ProtocolError);
    expect(read).toThrow(/from mallory: invalid or identity point/);
  });

  it("tiny-secp256k1's null results and TypeErrors become ProtocolErrors", () => {
    const zero = new Uint8Array(32);
    const bad = P.slice();
    bad[0] = 5;
    for (const f of [
      () => ec.mul(P, zero, ec.COMPRESSED),
      () => ec.mulBase(zero),
      () => ec.mul(bad, scalarToBytes(1n), 33),
    ]) {
      expect(f).toThrow(ProtocolError);
    }
    const negP = ec.negateCompressed(P);
    expect(ec.add(P, negP, ec.COMPRESSED)).toBeUndefined();
    expect(bytesToHex(negP)).toBe(bytesToHex(Point.fromBytes(P).negate().toBytes(true)));
  });
});
