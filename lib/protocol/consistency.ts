import { mulAddUnsafe } from '@noble/curves/abstract/curve.js';
import { bytesToNumberBE, randomBytes } from '@noble/curves/utils.js';
import { G, Point, mod, multiplySecrets, randomScalar } from './curve';
import type { PartyId } from './types';

/**
 * The DKLs23 consistency check of signing (Protocol 3.6, step 3): P_j's RVOLE inputs were the r_j and
 * sk_j behind R_j and pk_j, i.e. with our RVOLE input χ and outputs (d_u, d_v):
 *   χ·R_j − Γ^u = d_u·G  and  χ·pk_j − Γ^v = d_v·G.
 */
export interface PairConsistency {
  peer: PartyId;
  /** Our RVOLE input χ_{i,j} (secret). */
  chi: bigint;
  R: Point;
  pk: Point;
  gammaU: Point;
  gammaV: Point;
  /** Our RVOLE outputs (secret). */
  du: bigint;
  dv: bigint;
}

/**
 * One pair's two equations at once as a random linear combination (ρ is ours and fresh, so a cheater
 * cannot cancel): χ·(R_j + ρ·pk_j) − (Γ^u + ρ·Γ^v) = (d_u + ρ·d_v)·G.
 */
export function pairConsistent(c: PairConsistency): boolean {
  const rho = randomScalar();
  const lhs = c.R.add(c.pk.multiplyUnsafe(rho))
    .multiply(c.chi)
    .subtract(c.gammaU.add(c.gammaV.multiplyUnsafe(rho)));
  return lhs.equals(G.multiply(mod(c.du + rho * c.dv)));
}

/** A uniformly random non-zero 128-bit weight (ours, fresh: a cheater fixed his values before it). */
function randomWeight(): bigint {
  for (;;) {
    const w = bytesToNumberBE(randomBytes(16));
    if (w !== 0n) return w;
  }
}

/**
 * Every pair's equations in one check (replaces one `pairConsistent` per pair): with fresh random
 * 128-bit weights λ_j, μ_j,
 *   Σ_j (λ_j·χ_j)·R_j + (μ_j·χ_j)·pk_j − Σ_j (λ_j·Γ^u_j + μ_j·Γ^v_j) = (Σ_j λ_j·d_u,j + μ_j·d_v,j)·G.
 * A false equation passes with probability ≤ 2^-127. The secret scalars (χ, d) go through constant-time
 * multiplications (`multiplySecrets`, `G.multiply`); only public points with our public weights use the
 * variable-time multi-scalar multiplication. False says some pair failed, not which: run
 * `pairConsistent` per pair to name it.
 */
export function allConsistent(pairs: PairConsistency[]): boolean {
  const secretPoints: Point[] = [];
  const secretScalars: bigint[] = [];
  const publicPoints: Point[] = [];
  const weights: bigint[] = [];
  let d = 0n;
  for (const c of pairs) {
    const lambda = randomWeight();
    const mu = randomWeight();
    secretPoints.push(c.R, c.pk);
    secretScalars.push(mod(lambda * c.chi), mod(mu * c.chi));
    publicPoints.push(c.gammaU, c.gammaV);
    weights.push(lambda, mu);
    d += lambda * c.du + mu * c.dv;
  }
  d = mod(d);
  const lhs = multiplySecrets(secretPoints, secretScalars).subtract(
    mulAddUnsafe(Point, publicPoints, weights),
  );
  return lhs.equals(d === 0n ? Point.ZERO : G.multiply(d));
}
