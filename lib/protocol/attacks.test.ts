import { randomBytes } from '@noble/curves/utils.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { KAPPA, SEED_BYTES } from './baseOt';
import type { Reader } from './codec';
import { COMMITMENT_BYTES, SALT_BYTES } from './commitment';
import { G, Point, SCALAR_BYTES, invert, mod, q, readUint256 } from './curve';
import { Kind, openEnvelope, writeHeader } from './envelope';
import { GF_BYTES, GfAccumulator, gfWords } from './gf256';
import {
  MAX_RUNS_PER_SETUP,
  assertCanSign,
  createSigning,
  decodeKeyShare,
  encodeKeyShare,
  ProtocolError,
} from './index';
import type { KeyShare, ProtocolMachine, Signature } from './index';
import {
  M,
  OT_WIDTH,
  PAD_BYTES,
  U_BYTES,
  XI,
  kosChallenges,
  matrixDigest,
  rowHasher,
  transpose,
} from './otExtension';
import { runDigest } from './pairState';
import { expand, prgNonce } from './prg';
import { L, NONCE_BYTES, TAU_BYTES, bobMessageDigest, rvoleChallenges, rvoleContext } from './rvole';
import { partyIds, setupDkg } from './testHarness';

/**
 * The two key-extraction attacks of the protocol review (issue 14), played by a malicious party "Bob"
 * against an honest "Alice" who holds the Δ of their pair's OT extension. Each attack is written against
 * the protocol's own messages; the tests assert that it recovers nothing.
 */
const [ALICE, BOB] = partyIds(2) as [string, string];
const parties = [ALICE, BOB];

let aliceShare: KeyShare;
let bobShare: KeyShare;
/** Alice's secret share as a point: what a successful attack must match. */
let alicePublic: Uint8Array;

beforeAll(() => {
  const shares = setupDkg(parties);
  aliceShare = shares.get(ALICE)!;
  bobShare = shares.get(BOB)!;
  alicePublic = aliceShare.publicShares[aliceShare.parties.indexOf(ALICE)]!;
});

const fresh = (share: KeyShare): KeyShare => decodeKeyShare(encodeKeyShare(share));
const isAliceKey = (sk: bigint): boolean =>
  sk > 0n && sk < q && G.multiply(sk).equals(Point.fromBytes(alicePublic));

function bit(bits: Uint8Array, i: number): number {
  return ((bits[i >>> 3] ?? 0) >>> (i & 7)) & 1;
}

interface BobRound1 {
  commitment: Uint8Array;
  nonce: Uint8Array;
  u: Uint8Array;
  xCheck: Uint8Array;
  tCheck: Uint8Array;
  generation: number;
}

interface AliceRound2 {
  tau: bigint[];
  salt: Uint8Array;
  u: bigint[];
  gamma: bigint[];
}

function writeBobRound1(sessionId: Uint8Array, m: BobRound1): Uint8Array {
  return writeHeader(Kind.Sign, 1, sessionId, BOB, ALICE)
    .u32(m.generation)
    .bytes(m.commitment)
    .bytes(m.nonce)
    .bytes(m.u)
    .bytes(m.xCheck)
    .bytes(m.tCheck)
    .finish();
}

function readAliceRound2(payload: Uint8Array, sessionId: Uint8Array): AliceRound2 {
  const r: Reader = openEnvelope(payload, ALICE, { kind: Kind.Sign, sessionId, self: BOB, parties }).reader;
  r.point(); // R
  r.bytes(SALT_BYTES); // commitment salt
  r.point(); // Γ^u
  r.point(); // Γ^v
  r.scalar(); // ψ
  const tauBytes = r.bytes(TAU_BYTES);
  const view = new DataView(tauBytes.buffer, tauBytes.byteOffset, tauBytes.length);
  const tau = Array.from({ length: XI * OT_WIDTH }, (_, k) => readUint256(view, k * SCALAR_BYTES));
  const salt = r.bytes(32);
  r.bytes(32); // H(r)
  const u = [r.scalar(), r.scalar()];
  const gamma = [r.scalar(), r.scalar()];
  r.end();
  return { tau, salt, u, gamma };
}

/** Alice's round-2 answer to `round1`, or the error she refuses it with. */
function aliceAnswers(machine: ProtocolMachine<Signature>, round1: Uint8Array): Uint8Array | ProtocolError {
  try {
    const step = machine.handle({ from: BOB, payload: round1 });
    const out = step.messages.find((m) => m.to === BOB && m.round === 2);
    if (!out) throw new Error('Alice sent no round-2 message');
    return out.payload;
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
}

/** Opens a signing run of Alice's; a refusal (the fix) is returned as the error. */
function openRun(share: KeyShare, sessionId: Uint8Array): ProtocolMachine<Signature> | ProtocolError {
  try {
    const machine = createSigning({ sessionId, share, parties, messageHash: randomBytes(32) });
    machine.start();
    return machine;
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
}

/**
 * Bob's KOS receiver with full knowledge of his own rows t_j and bits x_j, optionally cheating: flipping
 * bit `row` of column `column` of u, then recomputing x̃ and t̃ under the Fiat–Shamir challenges of the
 * tampered matrix. Alice's check then passes if and only if Δ_column = 0.
 */
function bobKos(
  sessionId: Uint8Array,
  nonce: Uint8Array,
  generation: number,
  flip?: { column: number; row: number },
) {
  const ot = bobShare.ot.get(ALICE)!.asReceiver;
  const context = rvoleContext(sessionId, BOB, ALICE, nonce, generation);
  const colBytes = M / 8;
  const x = randomBytes(colBytes);
  const t = new Uint8Array(U_BYTES);
  const u = new Uint8Array(U_BYTES);
  const prgN = prgNonce('ote', context);
  for (let i = 0; i < KAPPA; i++) {
    const t0 = expand(ot.seeds0.subarray(i * SEED_BYTES, (i + 1) * SEED_BYTES), colBytes, prgN);
    const t1 = expand(ot.seeds1.subarray(i * SEED_BYTES, (i + 1) * SEED_BYTES), colBytes, prgN);
    t.set(t0, i * colBytes);
    for (let p = 0; p < colBytes; p++) u[i * colBytes + p] = t0[p]! ^ t1[p]! ^ x[p]!;
  }
  if (flip) u[flip.column * colBytes + (flip.row >>> 3)]! ^= 1 << (flip.row & 7);
  const rows = transpose(t);
  const chi = kosChallenges(context, matrixDigest(u));
  const xAcc = new GfAccumulator();
  const tAcc = new GfAccumulator();
  for (let j = 0; j < M; j++) {
    const chiJ = gfWords(chi, j * GF_BYTES);
    if (bit(x, j)) xAcc.add(chiJ);
    tAcc.mulAdd(chiJ, gfWords(rows, j * GF_BYTES));
  }
  return { context, x, rows, u, xCheck: xAcc.result(), tCheck: tAcc.result() };
}

function bobRound1(sessionId: Uint8Array, flip?: { column: number; row: number }) {
  const nonce = randomBytes(NONCE_BYTES);
  const generation = bobShare.ot.get(ALICE)!.generation;
  const kos = bobKos(sessionId, nonce, generation, flip);
  const message: BobRound1 = {
    generation,
    commitment: randomBytes(COMMITMENT_BYTES),
    nonce,
    u: kos.u,
    xCheck: kos.xCheck,
    tCheck: kos.tCheck,
  };
  return { kos, message, payload: writeBobRound1(sessionId, message) };
}

/** Attack 1's algebra: from two answers to the same Bob message, Alice's pad ã_2 and so sk = γ_2 + ã_2. */
function keyFromTwoAnswers(sessionId: Uint8Array, bob: BobRound1, a1: AliceRound2, a2: AliceRound2) {
  const context = rvoleContext(sessionId, BOB, ALICE, bob.nonce, bob.generation);
  const digest = bobMessageDigest(bob, matrixDigest(bob.u));
  const tauBytes = (a: AliceRound2) => {
    const out = new Uint8Array(TAU_BYTES);
    const view = new DataView(out.buffer);
    a.tau.forEach((t, k) => {
      view.setBigUint64(k * 32, t >> 192n);
      view.setBigUint64(k * 32 + 8, (t >> 128n) & 0xffffffffffffffffn);
      view.setBigUint64(k * 32 + 16, (t >> 64n) & 0xffffffffffffffffn);
      view.setBigUint64(k * 32 + 24, t & 0xffffffffffffffffn);
    });
    return out;
  };
  const c1 = rvoleChallenges(context, digest, tauBytes(a1), a1.salt);
  const c2 = rvoleChallenges(context, digest, tauBytes(a2), a2.salt);
  const i = 1; // Alice's RVOLE input is (r, sk): index 1 is sk.
  // Rows q_j repeat, so τ − τ′ = α − α′ in every row (here row 0).
  const dTilde = mod(a1.tau[i]! - a2.tau[i]!);
  const dHat = mod(a1.tau[L + i]! - a2.tau[L + i]!);
  // u = χ̃·ã + χ̂·â and u′ = χ̃′·(ã − D̃) + χ̂′·(â − D̂): two equations in ã, â.
  const u2 = mod(a2.u[i]! + c2.tilde[i]! * dTilde + c2.hat[i]! * dHat);
  const det = mod(c1.tilde[i]! * c2.hat[i]! - c1.hat[i]! * c2.tilde[i]!);
  const aTilde = mod((a1.u[i]! * c2.hat[i]! - c1.hat[i]! * u2) * invert(det));
  return mod(a1.gamma[i]! + aTilde);
}

/** With all of Δ, one honest run gives α from τ (both of Alice's pads are known): sk = γ_2 + ã_2. */
function keyFromDelta(delta: Uint8Array, kos: ReturnType<typeof bobKos>, a: AliceRound2) {
  const H = rowHasher(kos.context, a.salt);
  const row = kos.rows.subarray(0, GF_BYTES);
  const q0 = row.slice();
  if (bit(kos.x, 0)) for (let k = 0; k < GF_BYTES; k++) q0[k]! ^= delta[k]!;
  const q1 = q0.map((b, k) => b ^ delta[k]!);
  const i = 1;
  const pad = (row: Uint8Array) => {
    const out = new Uint8Array(PAD_BYTES);
    H(0, row, out, 0);
    return readUint256(new DataView(out.buffer), i * SCALAR_BYTES);
  };
  // τ_0 = H(0, q_0 ⊕ Δ) − H(0, q_0) + α (the pads reduced mod q: mod absorbs it)
  const alpha = mod(a.tau[i]! - pad(q1) + pad(q0));
  return mod(a.gamma[i]! + alpha);
}

describe('attack 1: Bob replays his round-1 message under a repeated session id', () => {
  it('a second run with the same id is refused before anything derived from the OT state is sent', () => {
    const live = fresh(aliceShare);
    const sessionId = randomBytes(32);
    const first = openRun(live, sessionId);
    expect(first).not.toBeInstanceOf(ProtocolError);
    (first as ProtocolMachine<Signature>).close();
    const again = openRun(live, sessionId);
    expect(again).toBeInstanceOf(ProtocolError);
    expect((again as ProtocolError).code).toBe('SESSION_REUSED');
  });

  it('the record of used ids survives a restart (it is part of the persisted share)', () => {
    const live = fresh(aliceShare);
    const sessionId = randomBytes(32);
    (openRun(live, sessionId) as ProtocolMachine<Signature>).close();
    const restarted = decodeKeyShare(encodeKeyShare(live));
    const again = openRun(restarted, sessionId);
    expect((again as ProtocolError).code).toBe('SESSION_REUSED');
  });

  it('even a copy without the record (an old backup) answers with fresh pads: the replay recovers nothing', () => {
    const sessionId = randomBytes(32);
    const bob = bobRound1(sessionId);
    const answers = [fresh(aliceShare), fresh(aliceShare)].map((copy) => {
      const run = openRun(copy, sessionId) as ProtocolMachine<Signature>;
      const answer = aliceAnswers(run, bob.payload);
      expect(answer).toBeInstanceOf(Uint8Array);
      return readAliceRound2(answer as Uint8Array, sessionId);
    });
    expect(isAliceKey(keyFromTwoAnswers(sessionId, bob.message, answers[0]!, answers[1]!))).toBe(false);
  });
});

describe('attack 2: probing Δ bit by bit with many sessions of one pair', () => {
  /** Bob's probe of Δ_k in one of Alice's runs: true = passed (Δ_k = 0), false = refused. */
  function probe(run: ProtocolMachine<Signature> | ProtocolError, sessionId: Uint8Array, k: number) {
    if (run instanceof ProtocolError) return undefined;
    const answer = aliceAnswers(run, bobRound1(sessionId, { column: k, row: 5 }).payload);
    run.close();
    return answer instanceof ProtocolError ? (answer.code === 'PAIRWISE_CHECK' ? false : undefined) : true;
  }

  function attack(share: () => KeyShare, parallel: boolean, persist: () => void = () => undefined) {
    const ids = Array.from({ length: KAPPA + 1 }, () => randomBytes(32));
    const runs = parallel ? ids.map((id) => openRun(share(), id)) : [];
    const learned = new Uint8Array(KAPPA / 8);
    let known = 0;
    for (let k = 0; k < KAPPA; k++) {
      const passed = probe(parallel ? runs[k]! : openRun(share(), ids[k]!), ids[k]!, k);
      persist();
      if (passed === undefined) continue;
      known++;
      if (!passed) learned[k >>> 3]! |= 1 << (k & 7);
    }
    const lastId = ids[KAPPA]!;
    const last = parallel ? runs[KAPPA]! : openRun(share(), lastId);
    let key: bigint | undefined;
    if (!(last instanceof ProtocolError)) {
      const bob = bobRound1(lastId);
      const answer = aliceAnswers(last, bob.payload);
      if (answer instanceof Uint8Array) key = keyFromDelta(learned, bob.kos, readAliceRound2(answer, lastId));
    }
    return { known, learned, key };
  }

  const delta = () => aliceShare.ot.get(BOB)!.asSender.delta;

  it('257 runs opened in parallel on the live share: only one may be in flight, nothing leaks', () => {
    const live = fresh(aliceShare);
    const ids = Array.from({ length: KAPPA + 1 }, () => randomBytes(32));
    const runs = ids.map((id) => openRun(live, id));
    expect(runs.filter((r) => !(r instanceof ProtocolError))).toHaveLength(1);
    expect(runs.slice(1).every((r) => r instanceof ProtocolError && r.code === 'PAIR_BUSY')).toBe(true);
    for (const r of runs) if (!(r instanceof ProtocolError)) r.close();
    const { known, key } = attack(() => live, true);
    expect(known).toBeLessThanOrEqual(1);
    expect(key === undefined || !isAliceKey(key)).toBe(true);
  });

  it('runs one after another: the first failed probe burns the pair for every later run', () => {
    const live = fresh(aliceShare);
    const { known, learned, key } = attack(() => live, false);
    expect(learned).not.toEqual(delta());
    // Bob learns the zeros of Δ before the first one; past that, nothing.
    expect(known).toBeLessThan(64);
    expect(key === undefined || !isAliceKey(key)).toBe(true);
    expect(live.ot.get(BOB)!.discarded).toBe(true);
  });

  it('the same across restarts: every run reads the persisted share, the burn survives', () => {
    let stored = encodeKeyShare(fresh(aliceShare));
    let current: KeyShare | undefined;
    const { learned, key } = attack(
      () => (current = decodeKeyShare(stored)),
      false,
      // The caller persists the share after each run (ids used, a discarded pair).
      () => (stored = encodeKeyShare(current!)),
    );
    expect(learned).not.toEqual(delta());
    expect(key === undefined || !isAliceKey(key)).toBe(true);
  });
});

describe('one live OT state per pair', () => {
  it('a second run on a pair in flight is refused until the first one ends', () => {
    const live = fresh(aliceShare);
    const first = openRun(live, randomBytes(32)) as ProtocolMachine<Signature>;
    const second = openRun(live, randomBytes(32));
    expect((second as ProtocolError).code).toBe('PAIR_BUSY');
    first.close();
    expect(openRun(live, randomBytes(32))).not.toBeInstanceOf(ProtocolError);
  });

  it('a discard made elsewhere during a run (another run, the caller) stops it before round 2', () => {
    const live = fresh(aliceShare);
    const sessionId = randomBytes(32);
    const run = openRun(live, sessionId) as ProtocolMachine<Signature>;
    live.ot.get(BOB)!.discarded = true;
    const answer = aliceAnswers(run, bobRound1(sessionId).payload);
    expect((answer as ProtocolError).code).toBe('OT_DISCARDED');
  });

  it('a pair set up again during a run stops the run that holds the old setup', () => {
    const live = fresh(aliceShare);
    const sessionId = randomBytes(32);
    const run = openRun(live, sessionId) as ProtocolMachine<Signature>;
    const old = live.ot.get(BOB)!;
    live.ot.set(BOB, { ...old, generation: old.generation + 1, runs: new Set() });
    const answer = aliceAnswers(run, bobRound1(sessionId).payload);
    expect((answer as ProtocolError).code).toBe('OT_STALE');
  });

  it('a refused id, pair or run is refused by createSigning and assertCanSign already, not only by start()', () => {
    const live = fresh(aliceShare);
    const sessionId = randomBytes(32);
    const refusedCode = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as ProtocolError).code;
      }
      return undefined;
    };
    const create = (id: Uint8Array) => () =>
      createSigning({ sessionId: id, share: live, parties, messageHash: randomBytes(32) });
    const run = openRun(live, sessionId) as ProtocolMachine<Signature>;
    expect(refusedCode(create(randomBytes(32)))).toBe('PAIR_BUSY');
    expect(refusedCode(() => assertCanSign(live, randomBytes(32)))).toBe('PAIR_BUSY');
    run.close();
    expect(refusedCode(create(sessionId))).toBe('SESSION_REUSED');
    expect(refusedCode(() => assertCanSign(live, sessionId))).toBe('SESSION_REUSED');
    expect(refusedCode(() => assertCanSign(live, randomBytes(32)))).toBeUndefined();
    live.ot.get(BOB)!.discarded = true;
    expect(refusedCode(create(randomBytes(32)))).toBe('OT_DISCARDED');
    expect(refusedCode(() => assertCanSign(live, randomBytes(32)))).toBe('OT_DISCARDED');
  });

  it(`a setup retires after ${MAX_RUNS_PER_SETUP} runs: the next run is refused and the pair discarded`, () => {
    const live = fresh(aliceShare);
    const pair = live.ot.get(BOB)!;
    while (pair.runs.size < MAX_RUNS_PER_SETUP - 1) pair.runs.add(runDigest(randomBytes(32)));
    const last = openRun(live, randomBytes(32));
    expect(last).not.toBeInstanceOf(ProtocolError);
    (last as ProtocolMachine<Signature>).close();
    expect(pair.runs.size).toBe(MAX_RUNS_PER_SETUP);
    expect(pair.discarded).toBe(false);
    const over = openRun(live, randomBytes(32));
    expect((over as ProtocolError).code).toBe('OT_DISCARDED');
    // Retired for good: persisted as discarded, so a restart does not run it again either.
    expect(pair.runs.size).toBe(MAX_RUNS_PER_SETUP);
    expect(decodeKeyShare(encodeKeyShare(live)).ot.get(BOB)!.discarded).toBe(true);
  });

  it('a pair removed from the share after createSigning is refused by start() as bad input, not a crash', () => {
    const live = fresh(aliceShare);
    const machine = createSigning({
      sessionId: randomBytes(32),
      share: live,
      parties,
      messageHash: randomBytes(32),
    });
    live.ot.delete(BOB);
    let thrown: unknown;
    try {
      machine.start();
    } catch (error) {
      thrown = error;
    }
    expect((thrown as ProtocolError).code).toBe('BAD_INPUT');
  });

  it('a stale copy of the pair (older generation) is refused before anything derived from Δ is sent', () => {
    for (const [ours, theirs, stale] of [
      [1, 0, BOB],
      [0, 1, ALICE],
    ] as const) {
      const live = fresh(aliceShare);
      live.ot.get(BOB)!.generation = ours;
      const sessionId = randomBytes(32);
      const run = openRun(live, sessionId) as ProtocolMachine<Signature>;
      const bob = bobRound1(sessionId);
      const answer = aliceAnswers(run, writeBobRound1(sessionId, { ...bob.message, generation: theirs }));
      expect(answer).toBeInstanceOf(ProtocolError);
      expect((answer as ProtocolError).code).toBe('OT_STALE');
      // The pair is named like every pairwise error's (callers blame and re-set up by it).
      expect((answer as ProtocolError).details).toMatchObject({ ours, theirs, stale, pair: [ALICE, BOB] });
    }
  });
});
