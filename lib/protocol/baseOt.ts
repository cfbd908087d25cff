import { equalBytes, randomBytes } from '@noble/curves/utils.js';
import { G, pointToBytes, randomScalar, scalarToBytes } from './curve';
import type { Point } from './curve';
import * as ec from './ecWasm';
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

/** All points compressed (33 bytes). */
function instanceKey(
  context: Uint8Array,
  i: number,
  A: Uint8Array,
  B: Uint8Array,
  shared: Uint8Array,
): Uint8Array {
  return taggedHash('base-ot/key', context, u32Bytes(i), A, B, shared);
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

/** `bit ? y : x` for equal-length arrays, without a branch or an index on the (secret) bit. */
function select(bit: number, x: Uint8Array, y: Uint8Array): Uint8Array {
  const mask = -bit & 0xff;
  const out = new Uint8Array(x.length);
  for (let j = 0; j < x.length; j++) out[j] = x[j]! ^ (mask & (x[j]! ^ y[j]!));
  return out;
}

/**
 * Round 2 (receiver): B_i = b_i·G + ω_i·A and ρ^ω_i = H(…, b_i·A) for random choice bits ω.
 * B holds the compressed encodings that are sent. The randomness is a parameter only so that a
 * known-answer test can fix it.
 */
export function receiverChoose(
  context: Uint8Array,
  A: Point,
  choices: Uint8Array = randomBytes(KAPPA / 8),
  nextScalar: () => Uint8Array = ec.randomScalarBytes,
) {
  const Abytes = pointToBytes(A);
  const Afull = A.toBytes(false);
  const B: Uint8Array[] = [];
  const seeds = new Uint8Array(KAPPA * SEED_BYTES);
  for (let i = 0; i < KAPPA; i++) {
    let Bi: Uint8Array | undefined;
    let b: Uint8Array;
    do {
      b = nextScalar();
      // libsecp256k1, constant-time (replaces noble's G.multiply(b) and bG.add(A)). Both candidates
      // are computed, and either one being unusable redraws b, so nothing depends on the choice bit.
      const bG = ec.mulBase(b);
      const bGA = ec.add(bG, Afull, ec.COMPRESSED);
      Bi = bGA && select(bit(choices, i), ec.compress(bG), bGA);
    } while (!Bi || equalBytes(Bi, Abytes));
    B.push(Bi);
    // libsecp256k1, constant-time (replaces noble's A.multiply(b) on a precomputed table).
    seeds.set(instanceKey(context, i, Abytes, Bi, ec.mul(Afull, b, ec.COMPRESSED)), i * SEED_BYTES);
  }
  return { choices, seeds, B };
}

/**
 * Round 3 (sender): both keys per instance and the challenge ξ_i = H(H(ρ^0_i)) ⊕ H(H(ρ^1_i)).
 * B: the receiver's points as SEC1 encodings (compressed, or uncompressed as `PairSetup.read2` returns them).
 */
export function senderKeys(context: Uint8Array, a: bigint, A: Point, B: Uint8Array[]) {
  if (B.length !== KAPPA) return undefined;
  const Abytes = pointToBytes(A);
  const aBytes = scalarToBytes(a);
  // −a·A, uncompressed: the second key is a·B_i − a·A.
  const minusAA = ec.uncompress(ec.negateCompressed(ec.mul(A.toBytes(false), aBytes, ec.COMPRESSED)));
  const seeds0 = new Uint8Array(KAPPA * SEED_BYTES);
  const seeds1 = new Uint8Array(KAPPA * SEED_BYTES);
  const challenge = new Uint8Array(KAPPA * 32);
  for (let i = 0; i < KAPPA; i++) {
    const Bbytes = ec.compress(B[i]!);
    if (equalBytes(Bbytes, Abytes)) return undefined;
    // libsecp256k1, constant-time in a (replaces noble's variable-time B_i.multiplyUnsafe(a)).
    const aB = ec.mul(B[i]!, aBytes, ec.UNCOMPRESSED);
    const key1 = ec.add(aB, minusAA, ec.COMPRESSED)!; // not the identity: B_i ≠ A (checked above)
    const rho0 = instanceKey(context, i, Abytes, Bbytes, ec.compress(aB));
    const rho1 = instanceKey(context, i, Abytes, Bbytes, key1);
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
