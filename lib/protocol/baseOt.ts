import { equalBytes, randomBytes } from '@noble/curves/utils.js';
import { normalizeZ } from '@noble/curves/abstract/curve.js';
import { G, Point, pointToBytes, randomScalar } from './curve';
import { taggedHash, u32Bytes, utf8 } from './hash';
import { proveSchnorr, verifySchnorr } from './schnorr';
import type { SchnorrProof } from './schnorr';
import type { PartyId } from './types';

/**
 * Verified random base OT: Chou–Orlandi "simplest OT" with the sender's key proven by a Schnorr proof,
 * followed by the DKLs18 verification (challenge ξ, response ρ', opening) so that each side checks the
 * other's outputs are consistent. KAPPA instances per direction seed the KOS OT extension.
 *
 * Hardening (the "Devious Transfer" class of bugs): every key hashes the session, both party ids, the
 * instance index, A and B_i; the sender's A and each B_i are checked on the curve and not the identity;
 * B_i = A is refused (it would make the sender's second key H(a·O) public); every instance uses fresh
 * randomness; the sender's key a is proven in zero knowledge before the receiver uses A.
 */
export const KAPPA = 256;
export const SEED_BYTES = 32;

export function baseOtContext(sessionId: Uint8Array, sender: PartyId, receiver: PartyId): Uint8Array {
  return taggedHash('base-ot/context', sessionId, utf8(sender), utf8(receiver));
}

function instanceKey(
  context: Uint8Array,
  i: number,
  A: Uint8Array,
  B: Uint8Array,
  shared: Point,
): Uint8Array {
  return taggedHash('base-ot/key', context, u32Bytes(i), A, B, pointToBytes(shared));
}

const h1 = (rho: Uint8Array) => taggedHash('base-ot/verify-1', rho);
const h2 = (rho: Uint8Array) => taggedHash('base-ot/verify-2', h1(rho));

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
  return out;
}

function bit(bits: Uint8Array, i: number): number {
  return ((bits[i >>> 3] ?? 0) >>> (i & 7)) & 1;
}

/** Round 1 (sender): A = a·G with a proof of knowledge of a. */
export function senderStart(sessionId: Uint8Array, sender: PartyId, receiver: PartyId) {
  const a = randomScalar();
  const A = G.multiply(a);
  const proof = proveSchnorr('base-ot', sessionId, sender, [utf8(receiver)], a, A);
  return { a, A, proof };
}

export function verifySenderKey(
  sessionId: Uint8Array,
  sender: PartyId,
  receiver: PartyId,
  A: Point,
  proof: SchnorrProof,
): boolean {
  return verifySchnorr('base-ot', sessionId, sender, [utf8(receiver)], A, proof);
}

/** Round 2 (receiver): B_i = b_i·G + ω_i·A and ρ^ω_i = H(…, b_i·A) for random choice bits ω. */
export function receiverChoose(context: Uint8Array, A: Point) {
  const choices = randomBytes(KAPPA / 8);
  const Abytes = pointToBytes(A);
  A.precompute(7, false);
  const B: Point[] = [];
  const shared: Point[] = [];
  for (let i = 0; i < KAPPA; i++) {
    let Bi: Point;
    let b: bigint;
    do {
      b = randomScalar();
      const bG = G.multiply(b);
      // Compute both candidates so the work does not depend on the choice bit.
      const candidates = [bG, bG.add(A)];
      Bi = candidates[bit(choices, i)]!;
    } while (Bi.is0() || Bi.equals(A));
    B.push(Bi);
    shared.push(A.multiply(b));
  }
  // One batched inversion for all the affine encodings instead of 2·κ.
  const [Bn, sharedN] = [normalizeZ(Point, B), normalizeZ(Point, shared)];
  const seeds = new Uint8Array(KAPPA * SEED_BYTES);
  for (let i = 0; i < KAPPA; i++) {
    seeds.set(instanceKey(context, i, Abytes, pointToBytes(Bn[i]!), sharedN[i]!), i * SEED_BYTES);
  }
  return { choices, seeds, B: Bn };
}

/** Round 3 (sender): both keys per instance and the challenge ξ_i = H(H(ρ^0_i)) ⊕ H(H(ρ^1_i)). */
export function senderKeys(context: Uint8Array, a: bigint, A: Point, B: Point[]) {
  if (B.length !== KAPPA) return undefined;
  const Abytes = pointToBytes(A);
  const aA = A.multiply(a);
  const seeds0 = new Uint8Array(KAPPA * SEED_BYTES);
  const seeds1 = new Uint8Array(KAPPA * SEED_BYTES);
  const challenge = new Uint8Array(KAPPA * 32);
  const aB: Point[] = [];
  for (const Bi of B) {
    if (Bi.equals(A)) return undefined;
    // Variable-time: a constant-time ladder here would triple the DKG's cost, and BigInt field
    // arithmetic is variable-time anyway (see the threat model in docs/protocol.md).
    aB.push(Bi.multiplyUnsafe(a));
  }
  const key0 = normalizeZ(Point, aB);
  const key1 = normalizeZ(
    Point,
    aB.map((p) => p.subtract(aA)),
  );
  for (let i = 0; i < KAPPA; i++) {
    const Bbytes = pointToBytes(B[i]!);
    const rho0 = instanceKey(context, i, Abytes, Bbytes, key0[i]!);
    const rho1 = instanceKey(context, i, Abytes, Bbytes, key1[i]!);
    seeds0.set(rho0, i * SEED_BYTES);
    seeds1.set(rho1, i * SEED_BYTES);
    challenge.set(xor(h2(rho0), h2(rho1)), i * 32);
  }
  return { seeds0, seeds1, challenge };
}

/** Round 4 (receiver): ρ'_i = H(H(ρ^ω_i)) ⊕ ω_i·ξ_i. */
export function receiverRespond(choices: Uint8Array, seeds: Uint8Array, challenge: Uint8Array): Uint8Array {
  const response = new Uint8Array(KAPPA * 32);
  for (let i = 0; i < KAPPA; i++) {
    const r = h2(seeds.subarray(i * SEED_BYTES, (i + 1) * SEED_BYTES));
    response.set(bit(choices, i) ? xor(r, challenge.subarray(i * 32, (i + 1) * 32)) : r, i * 32);
  }
  return response;
}

/** Round 5 (sender): check ρ'_i = H(H(ρ^0_i)), then open H(ρ^0_i), H(ρ^1_i). Undefined if the check fails. */
export function senderOpen(seeds0: Uint8Array, seeds1: Uint8Array, response: Uint8Array) {
  const opening = new Uint8Array(KAPPA * 64);
  for (let i = 0; i < KAPPA; i++) {
    const o0 = h1(seeds0.subarray(i * SEED_BYTES, (i + 1) * SEED_BYTES));
    if (!equalBytes(taggedHash('base-ot/verify-2', o0), response.subarray(i * 32, (i + 1) * 32)))
      return undefined;
    opening.set(o0, i * 64);
    opening.set(h1(seeds1.subarray(i * SEED_BYTES, (i + 1) * SEED_BYTES)), i * 64 + 32);
  }
  return opening;
}

/** Receiver's final check: the openings match ξ and our own key. */
export function receiverVerify(
  choices: Uint8Array,
  seeds: Uint8Array,
  challenge: Uint8Array,
  opening: Uint8Array,
) {
  for (let i = 0; i < KAPPA; i++) {
    const o0 = opening.subarray(i * 64, i * 64 + 32);
    const o1 = opening.subarray(i * 64 + 32, i * 64 + 64);
    const xi = challenge.subarray(i * 32, (i + 1) * 32);
    if (!equalBytes(xor(taggedHash('base-ot/verify-2', o0), taggedHash('base-ot/verify-2', o1)), xi))
      return false;
    const mine = h1(seeds.subarray(i * SEED_BYTES, (i + 1) * SEED_BYTES));
    if (!equalBytes(bit(choices, i) ? o1 : o0, mine)) return false;
  }
  return true;
}
