import { G, mod, pointToBytes, randomScalar } from './curve';
import type { Point } from './curve';
import type { Reader, Writer } from './codec';
import { Transcript, utf8 } from './hash';
import type { PartyId } from './types';

/**
 * Schnorr proof of knowledge of x with X = x·G, made non-interactive by Fiat–Shamir over a transcript
 * bound to the purpose, the session id, the prover and any context (e.g. the counterparty).
 */
export interface SchnorrProof {
  /** Commitment R = k·G. */
  R: Point;
  /** Response z = k + c·x. */
  z: bigint;
}

export const SCHNORR_PROOF_BYTES = 65;

function challenge(
  purpose: string,
  sessionId: Uint8Array,
  prover: PartyId,
  context: Uint8Array[],
  X: Point,
  R: Point,
) {
  const t = new Transcript(`schnorr/${purpose}`).append('session', sessionId).append('prover', utf8(prover));
  for (const c of context) t.append('context', c);
  return t.append('X', pointToBytes(X)).append('R', pointToBytes(R)).challengeScalar('c');
}

export function proveSchnorr(
  purpose: string,
  sessionId: Uint8Array,
  prover: PartyId,
  context: Uint8Array[],
  x: bigint,
  X: Point,
): SchnorrProof {
  const k = randomScalar();
  const R = G.multiply(k);
  const c = challenge(purpose, sessionId, prover, context, X, R);
  return { R, z: mod(k + c * x) };
}

export function verifySchnorr(
  purpose: string,
  sessionId: Uint8Array,
  prover: PartyId,
  context: Uint8Array[],
  X: Point,
  proof: SchnorrProof,
): boolean {
  const c = challenge(purpose, sessionId, prover, context, X, proof.R);
  return G.multiply(proof.z).equals(proof.R.add(X.multiplyUnsafe(c)));
}

export function writeSchnorr(w: Writer, p: SchnorrProof): void {
  w.point(p.R).scalar(p.z);
}

export function readSchnorr(r: Reader): SchnorrProof {
  return { R: r.point(), z: r.scalar() };
}
