import { randomBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import * as baseOt from './baseOt';
import { G, mod, randomScalar, scalarFromCanonicalBytes, writeScalar, invert, q } from './curve';
import { SCALAR_BYTES } from './curve';
import { GF_BYTES, GfAccumulator, gfWords } from './gf256';
import { M, OT_WIDTH, PAD_BYTES, XI, kosChallenges, rowHasher, transpose } from './otExtension';
import { L, aliceRespond, bobFinish, bobStart, rvoleChallenges } from './rvole';

/** Runs the verified base OT with Bob as base-OT sender and Alice as base-OT receiver. */
function setupPair(sessionId: Uint8Array) {
  const ctx = baseOt.baseOtContext(sessionId, 'bob', 'alice');
  const s = baseOt.senderStart(sessionId, 'bob', 'alice');
  expect(baseOt.verifySenderKey(sessionId, 'bob', 'alice', s.A, s.proof)).toBe(true);
  const r = baseOt.receiverChoose(ctx, s.A);
  const keys = baseOt.senderKeys(ctx, s.a, s.A, r.B)!;
  const response = baseOt.receiverRespond(r.choices, r.seeds, keys.challenge);
  const opening = baseOt.senderOpen(keys.seeds0, keys.seeds1, response)!;
  expect(opening).toBeDefined();
  expect(baseOt.receiverVerify(r.choices, r.seeds, keys.challenge, opening)).toBe(true);
  return { bob: { seeds0: keys.seeds0, seeds1: keys.seeds1 }, alice: { delta: r.choices, seeds: r.seeds } };
}

function tauScalars(tau: Uint8Array): bigint[] {
  const out: bigint[] = [];
  for (let k = 0; k < XI * OT_WIDTH; k++)
    out.push(scalarFromCanonicalBytes(tau.subarray(k * SCALAR_BYTES, (k + 1) * SCALAR_BYTES))!);
  return out;
}

describe('random vector OLE over KOS', () => {
  const sid = randomBytes(32);
  const pair = setupPair(sid);

  it('c_i + d_i = a_i·b', () => {
    const a = [randomScalar(), randomScalar()];
    const bob = bobStart(pair.bob.seeds0, pair.bob.seeds1, sid, 'bob', 'alice', 0);
    const alice = aliceRespond(pair.alice.delta, pair.alice.seeds, sid, 'bob', 'alice', 0, a, bob.message)!;
    expect(alice).toBeDefined();
    const d = bobFinish(bob.state, alice.message)!;
    expect(d).toBeDefined();
    for (let i = 0; i < 2; i++) expect(mod(alice.c[i]! + d[i]!)).toBe(mod(a[i]! * bob.state.b));
  });
});

describe('bit-matrix transpose', () => {
  it('matches the definition (bit i of row j = bit j of column i)', () => {
    const kappa = 64;
    const m = 48;
    const columns = randomBytes((kappa * m) / 8);
    const rows = transpose(columns, kappa, m);
    const bit = (a: Uint8Array, i: number) => (a[i >>> 3]! >>> (i & 7)) & 1;
    for (let i = 0; i < kappa; i++) {
      for (let j = 0; j < m; j++) expect(bit(rows, j * kappa + i)).toBe(bit(columns, i * m + j));
    }
  });
});

/**
 * Properties a code review found no test pinning down: each test fails if its mechanism is removed
 * (a constant PRG nonce; τ left out of the RVOLE challenges; the instance index left out of the
 * base-OT key; the KOS padding rows left zero). `npm run mutate:protocol` checks the rest.
 */
describe('security properties of the building blocks', () => {
  const sid = randomBytes(32);
  const pair = setupPair(sid);
  const bit = (bits: Uint8Array, i: number) => ((bits[i >>> 3] ?? 0) >>> (i & 7)) & 1;

  it("Bob's OT-extension pads are new in every run: u from two runs does not reveal how his choice bits relate", () => {
    const runs = [0, 1].map(() => bobStart(pair.bob.seeds0, pair.bob.seeds1, sid, 'bob', 'alice', 0));
    const [a, b] = runs as [(typeof runs)[0], (typeof runs)[0]];
    // Column 0 of u is t⁰ ⊕ PRG(ρ¹₀) ⊕ x: if the pads repeated, u ⊕ u′ would be x ⊕ x′ exactly.
    let sameAsChoices = true;
    for (let p = 0; p < XI / 8; p++) {
      if ((a.message.u[p]! ^ b.message.u[p]!) !== (a.state.choices[p]! ^ b.state.choices[p]!))
        sameAsChoices = false;
    }
    expect(sameAsChoices).toBe(false);
  });

  it("the KOS check value x̃ is masked: it is not Σ β_j·χ_j over Bob's choice bits (which Alice could solve for)", () => {
    const bob = bobStart(pair.bob.seeds0, pair.bob.seeds1, sid, 'bob', 'alice', 0);
    const chi = kosChallenges(bob.state.context, bob.state.ote.uDigest);
    const unmasked = new GfAccumulator();
    for (let j = 0; j < XI; j++) if (bit(bob.state.choices, j)) unmasked.add(gfWords(chi, j * GF_BYTES));
    expect(Buffer.from(unmasked.result()).equals(Buffer.from(bob.message.xCheck))).toBe(false);
    expect(M - XI).toBeGreaterThanOrEqual(256 + 80);
  });

  it('a malicious Alice cannot shift one row of τ and cancel it in the check: the challenges bind τ', () => {
    const a = [randomScalar(), randomScalar()];
    const bob = bobStart(pair.bob.seeds0, pair.bob.seeds1, sid, 'bob', 'alice', 0);
    const honest = aliceRespond(pair.alice.delta, pair.alice.seeds, sid, 'bob', 'alice', 0, a, bob.message)!;
    // A row where Bob's choice bit is 1, so the shift reaches his output (Alice wants d off by g_j·δ).
    const j = Array.from({ length: XI }, (_, k) => k).find((k) => bit(bob.state.choices, k))!;
    // Alice knows the challenges only from what she sent: she cancels with those of the honest τ.
    const { tilde, hat } = rvoleChallenges(
      bob.state.context,
      bob.state.digest,
      honest.message.tau,
      honest.message.salt,
    );
    const i = 0;
    const deltaTilde = randomScalar();
    const deltaHat = mod(q - mod(tilde[i]! * deltaTilde * invert(hat[i]!)));
    const tau = honest.message.tau.slice();
    const view = new DataView(tau.buffer);
    const at = (k: number) => (j * OT_WIDTH + k) * SCALAR_BYTES;
    const tauScalar = tauScalars(tau);
    writeScalar(view, at(i), mod(tauScalar[j * OT_WIDTH + i]! + deltaTilde));
    writeScalar(view, at(L + i), mod(tauScalar[j * OT_WIDTH + L + i]! + deltaHat));
    const shifted = { ...honest.message, tau };
    expect(bobFinish(bob.state, shifted)).toBeUndefined();
    // The honest answer passes, so the refusal is the binding and not a broken check.
    expect(bobFinish(bob.state, honest.message)).toBeDefined();
  });

  /** One honest base OT, bob sending to alice, up to the sender's opening. */
  function honestBaseOt() {
    const ctx = baseOt.baseOtContext(sid, 'bob', 'alice');
    const s = baseOt.senderStart(sid, 'bob', 'alice');
    const r = baseOt.receiverChoose(ctx, s.A);
    const keys = baseOt.senderKeys(ctx, s.a, s.A, r.B)!;
    const response = baseOt.receiverRespond(r.choices, r.seeds, keys.challenge);
    const opening = baseOt.senderOpen(keys.seeds0, keys.seeds1, response)!;
    return { ctx, s, r, keys, response, opening };
  }

  it("a base-OT sender who swaps its two openings of an instance (ξ still matches) fails the receiver's key check", () => {
    const { ctx, s, r, keys, response, opening } = honestBaseOt();
    expect(baseOt.receiverVerify(r.choices, r.seeds, keys.challenge, opening)).toBe(true);
    // H(o0) ⊕ H(o1) = ξ_k is symmetric: only the receiver's own key tells o0 from o1.
    for (const k of [0, baseOt.KAPPA - 1]) {
      const swapped = opening.slice();
      swapped.set(opening.subarray(k * 64 + 32, k * 64 + 64), k * 64);
      swapped.set(opening.subarray(k * 64, k * 64 + 32), k * 64 + 32);
      expect(baseOt.receiverVerify(r.choices, r.seeds, keys.challenge, swapped)).toBe(false);
    }
    // A wrong response (one bit) for the last instance is refused by the sender.
    const wrong = response.slice();
    wrong[wrong.length - 1]! ^= 1;
    expect(baseOt.senderOpen(keys.seeds0, keys.seeds1, wrong)).toBeUndefined();
    // The sender answers exactly κ instances: a shorter or longer B is refused, not read past its end.
    expect(baseOt.senderKeys(ctx, s.a, s.A, r.B.slice(1))).toBeUndefined();
    expect(baseOt.senderKeys(ctx, s.a, s.A, [...r.B, r.B[0]!])).toBeUndefined();
  });

  it("a base-OT sender whose opening of the key the receiver did not choose breaks ξ is refused (the receiver's own key still matches)", () => {
    const { r, keys, opening } = honestBaseOt();
    for (const k of [0, 77, baseOt.KAPPA - 1]) {
      const chosen = (r.choices[k >>> 3]! >>> (k & 7)) & 1;
      const other = opening.slice();
      other[k * 64 + 32 * (1 - chosen)]! ^= 1;
      expect(baseOt.receiverVerify(r.choices, r.seeds, keys.challenge, other)).toBe(false);
    }
  });

  it("the row hash refuses a row that is not one row long (it would hash the previous row's bytes)", () => {
    const H = rowHasher(randomBytes(32), randomBytes(32));
    const rows = randomBytes(2 * GF_BYTES);
    const pad = (j: number, row: Uint8Array) => {
      const out = new Uint8Array(PAD_BYTES);
      H(j, row, out, 0);
      return out;
    };
    const first = pad(0, rows.subarray(0, GF_BYTES));
    expect(() => pad(1, rows.subarray(GF_BYTES, GF_BYTES + 31))).toThrow(RangeError);
    expect(() => pad(1, rows.subarray(0, 0))).toThrow(RangeError);
    expect(pad(0, rows.subarray(0, GF_BYTES))).toEqual(first);
  });

  it('base-OT keys bind the instance index: a receiver repeating B_k still gets independent keys', () => {
    const ctx = baseOt.baseOtContext(sid, 'bob', 'alice');
    const s = baseOt.senderStart(sid, 'bob', 'alice');
    const B = Array.from({ length: baseOt.KAPPA }, () => G.multiply(randomScalar()).toBytes(true));
    B[1] = B[0]!;
    const keys = baseOt.senderKeys(ctx, s.a, s.A, B)!;
    const seed = (seeds: Uint8Array, k: number) =>
      Buffer.from(seeds.subarray(k * baseOt.SEED_BYTES, (k + 1) * baseOt.SEED_BYTES)).toString('hex');
    expect(seed(keys.seeds0, 0)).not.toBe(seed(keys.seeds0, 1));
    expect(seed(keys.seeds1, 0)).not.toBe(seed(keys.seeds1, 1));
  });
});
