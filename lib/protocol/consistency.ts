import { equalBytes } from '@noble/curves/utils.js';
import { scalarToBytes } from './curve';
import * as ec from './ecWasm';
import type { PartyId } from './types';

/**
 * The DKLs23 consistency check of signing (Protocol 3.6, step 3): P_j's RVOLE inputs were the r_j and
 * sk_j behind R_j and pk_j, i.e. with our RVOLE input χ and outputs (d_u, d_v):
 *   χ·R_j − Γ^u = d_u·G  and  χ·pk_j − Γ^v = d_v·G.
 * Points are 65-byte uncompressed encodings (libsecp256k1, `ecWasm.ts`).
 */
export interface PairConsistency {
  peer: PartyId;
  /** Our RVOLE input χ_{i,j} (secret). */
  chi: bigint;
  R: Uint8Array;
  pk: Uint8Array;
  gammaU: Uint8Array;
  gammaV: Uint8Array;
  /** Our RVOLE outputs (secret). */
  du: bigint;
  dv: bigint;
}

/**
 * χ·P = Γ + d·G with χ and d secret, in libsecp256k1: χ·P by `ecmult_const`, d·G by `ecmult_gen` (both
 * constant-time), Γ + d·G by the constant-time addition; the two sides compared as canonical encodings.
 */
function holds(chi: Uint8Array, P: Uint8Array, gamma: Uint8Array, d: bigint): boolean {
  const lhs = ec.mul(P, chi, ec.UNCOMPRESSED);
  const rhs = d === 0n ? gamma : ec.add(gamma, ec.mulBase(scalarToBytes(d)), ec.UNCOMPRESSED);
  return rhs !== undefined && equalBytes(lhs, rhs);
}

/**
 * One pair's two equations, each on its own (replaces a batch of all pairs in noble's BigInt arithmetic,
 * with a per-pair fallback to name the pair: in libsecp256k1 the per-pair check is the cheaper one — a
 * batch needs a multiplication per Γ as well — and it names the failing pair directly).
 */
export function pairConsistent(c: PairConsistency): boolean {
  const chi = scalarToBytes(c.chi);
  return holds(chi, c.R, c.gammaU, c.du) && holds(chi, c.pk, c.gammaV, c.dv);
}
