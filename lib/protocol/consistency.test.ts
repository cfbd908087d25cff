import { describe, expect, it } from 'vitest';
import { pairConsistent } from './consistency';
import type { PairConsistency } from './consistency';
import { G, Point, mod, randomScalar } from './curve';

// The check runs in libsecp256k1; the values here are made with noble, so the two are compared too.
const enc = (P: InstanceType<typeof Point>) => P.toBytes(false);
const dec = (P: Uint8Array) => Point.fromBytes(P);

/** An honest pair's check values: Γ^u = c_u·G, d_u = χ·r − c_u (and the same for sk). */
function honest(peer: string, cu = randomScalar()): PairConsistency {
  const [r, sk, chi, cv] = [randomScalar(), randomScalar(), randomScalar(), randomScalar()];
  return {
    peer,
    chi,
    R: enc(G.multiply(r)),
    pk: enc(G.multiply(sk)),
    gammaU: enc(G.multiply(cu)),
    gammaV: enc(G.multiply(cv)),
    du: mod(chi * r - cu),
    dv: mod(chi * sk - cv),
  };
}

const plusG = (P: Uint8Array) => enc(dec(P).add(G));
const minusG = (P: Uint8Array) => enc(dec(P).subtract(G));

const corruptions: [string, (c: PairConsistency) => PairConsistency][] = [
  ['R_j', (c) => ({ ...c, R: plusG(c.R) })],
  ['pk_j', (c) => ({ ...c, pk: plusG(c.pk) })],
  ['Γ^u', (c) => ({ ...c, gammaU: plusG(c.gammaU) })],
  ['Γ^v', (c) => ({ ...c, gammaV: plusG(c.gammaV) })],
  ['d_u', (c) => ({ ...c, du: mod(c.du + 1n) })],
  ['d_v', (c) => ({ ...c, dv: mod(c.dv + 1n) })],
  ['χ', (c) => ({ ...c, chi: mod(c.chi + 1n) })],
  // Errors that would cancel if the pair's two equations were summed must not pass.
  ['Γ^u and Γ^v (opposite)', (c) => ({ ...c, gammaU: plusG(c.gammaU), gammaV: minusG(c.gammaV) })],
  ['d_u and d_v (opposite)', (c) => ({ ...c, du: mod(c.du + 1n), dv: mod(c.dv - 1n) })],
];

describe('the DKLs23 consistency check, per pair (libsecp256k1)', () => {
  it('passes honest pairs', () => {
    for (const c of ['a', 'b', 'c'].map((p) => honest(p))) expect(pairConsistent(c)).toBe(true);
  });

  for (const [what, corrupt] of corruptions) {
    it(`names exactly the pair whose ${what} is off by the least amount`, () => {
      const pairs = ['a', 'b', 'c'].map((p) => honest(p));
      pairs[1] = corrupt(pairs[1]!);
      expect(pairs.filter((c) => !pairConsistent(c)).map((c) => c.peer)).toEqual(['b']);
    });
  }

  it('d_u = 0 (Γ^u = χ·R_j): passes when honest, fails when Γ^u is off', () => {
    const [r, chi] = [randomScalar(), randomScalar()];
    const c: PairConsistency = { ...honest('a'), chi, R: enc(G.multiply(r)) };
    c.gammaU = enc(G.multiply(mod(chi * r)));
    c.du = 0n;
    // d_v must match the new χ as well.
    const sk = randomScalar();
    const cv = randomScalar();
    c.pk = enc(G.multiply(sk));
    c.gammaV = enc(G.multiply(cv));
    c.dv = mod(chi * sk - cv);
    expect(pairConsistent(c)).toBe(true);
    expect(pairConsistent({ ...c, gammaU: plusG(c.gammaU) })).toBe(false);
  });
});
