import { describe, expect, it } from 'vitest';
import { allConsistent, pairConsistent } from './consistency';
import type { PairConsistency } from './consistency';
import { G, Point, mod, multiplySecrets, randomScalar } from './curve';

/** An honest pair's check values: Γ^u = c_u·G, d_u = χ·r − c_u (and the same for sk). */
function honest(peer: string): PairConsistency {
  const [r, sk, chi, cu, cv] = [
    randomScalar(),
    randomScalar(),
    randomScalar(),
    randomScalar(),
    randomScalar(),
  ];
  return {
    peer,
    chi,
    R: G.multiply(r),
    pk: G.multiply(sk),
    gammaU: G.multiply(cu),
    gammaV: G.multiply(cv),
    du: mod(chi * r - cu),
    dv: mod(chi * sk - cv),
  };
}

const corruptions: [string, (c: PairConsistency) => PairConsistency][] = [
  ['R_j', (c) => ({ ...c, R: c.R.add(G) })],
  ['pk_j', (c) => ({ ...c, pk: c.pk.add(G) })],
  ['Γ^u', (c) => ({ ...c, gammaU: c.gammaU.add(G) })],
  ['Γ^v', (c) => ({ ...c, gammaV: c.gammaV.add(G) })],
  ['d_u', (c) => ({ ...c, du: mod(c.du + 1n) })],
  ['d_v', (c) => ({ ...c, dv: mod(c.dv + 1n) })],
  ['χ', (c) => ({ ...c, chi: mod(c.chi + 1n) })],
  // Errors that cancel between the two equations of one pair, or between two pairs, must not pass.
  ['Γ^u and Γ^v (opposite)', (c) => ({ ...c, gammaU: c.gammaU.add(G), gammaV: c.gammaV.subtract(G) })],
];

describe('the DKLs23 consistency check, batched and per pair', () => {
  it('passes honest pairs, batched and one by one', () => {
    const pairs = ['a', 'b', 'c'].map(honest);
    expect(allConsistent(pairs)).toBe(true);
    for (const c of pairs) expect(pairConsistent(c)).toBe(true);
  });

  for (const [what, corrupt] of corruptions) {
    it(`fails the batch when one pair's ${what} is off, and the per-pair check names that pair only`, () => {
      const pairs = ['a', 'b', 'c'].map(honest);
      pairs[1] = corrupt(pairs[1]!);
      expect(allConsistent(pairs)).toBe(false);
      expect(pairs.filter((c) => !pairConsistent(c)).map((c) => c.peer)).toEqual(['b']);
    });
  }

  it('fails the batch when two pairs are off by opposite amounts (they cannot cancel)', () => {
    const pairs = ['a', 'b', 'c'].map(honest);
    pairs[0] = { ...pairs[0]!, gammaU: pairs[0]!.gammaU.add(G) };
    pairs[2] = { ...pairs[2]!, gammaU: pairs[2]!.gammaU.subtract(G) };
    expect(allConsistent(pairs)).toBe(false);
  });
});

describe('multiplySecrets (constant-time-structured Σ k_i·P_i)', () => {
  it('equals the sum of single multiplications, also for 0, 1 and q − 1', () => {
    const q = Point.Fn.ORDER;
    const points = [G, G.multiply(randomScalar()), G.multiply(randomScalar()), G.multiply(randomScalar())];
    for (const scalars of [points.map(() => randomScalar()), [0n, 1n, q - 1n, randomScalar()]]) {
      const expected = points.reduce(
        (acc, p, i) => (scalars[i] === 0n ? acc : acc.add(p.multiply(scalars[i]!))),
        Point.ZERO,
      );
      expect(multiplySecrets(points, scalars).equals(expected)).toBe(true);
    }
    expect(multiplySecrets([], []).is0()).toBe(true);
  });
});
