import { randomBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import * as baseOt from './baseOt';
import { mod, randomScalar, scalarFromCanonicalBytes } from './curve';
import { SCALAR_BYTES } from './curve';
import { OT_WIDTH, XI, transpose } from './otExtension';
import { aliceRespond, bobFinish, bobStart } from './rvole';

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
    const d = bobFinish(bob.state, tauScalars(alice.message.tau), alice.message)!;
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
