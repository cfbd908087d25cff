import { bytesToHex, randomBytes } from '@noble/curves/utils.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { G, pointFromBytes, pointToBytes, randomScalar } from './curve';
import { Kind, writeHeader } from './envelope';
import { createOtSetup, createSigning, decodeKeyShare, encodeKeyShare, ProtocolError } from './index';
import type { KeyShare, ProtocolMachine, Signature } from './index';
import { runLocally } from './simulate';
import type { Delivery } from './simulate';
import { expectValid, flipBit, partyIds, runDkg, runSigning, setupDkg } from './testHarness';

const parties = partyIds(3);
const [P0, P1, P2] = parties as [string, string, string];
// Two-party runs where a third party adds nothing to the check (a DKG costs ~κ base OTs per pair).
const pair = partyIds(2);
const [A0, A1] = pair as [string, string];

/** Runs `fn`, expecting a ProtocolError; returns it. */
function catchProtocolError(fn: () => unknown): ProtocolError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ProtocolError);
    return e as ProtocolError;
  }
  throw new Error('expected a ProtocolError');
}

/** Tampers with the one message `from` → `to` of `round` (other deliveries pass unchanged). */
function tamper(from: string, to: string, round: number, f: (p: Uint8Array) => Uint8Array) {
  return (d: Delivery) => (d.from === from && d.to === to && d.round === round ? f(d.payload) : d.payload);
}

// Byte offsets counted from the end of a signing round-2 body:
// R(33) salt(32) Γu(33) Γv(33) ψ(32) τ(416·4·32) Alice's salt(32) H(r)(32) u(2·32) γ(2·32).
const TAIL_AFTER_TAU = 32 + 32 + 64 + 64;
const TAU = 416 * 4 * 32;
const TAIL_AFTER_GAMMA_U = TAIL_AFTER_TAU + TAU + 32 + 33;
const TAIL_AFTER_SALT = TAIL_AFTER_GAMMA_U + 33;
const KAPPA_POINTS = 256 * 33;

describe('blame in the DKG', () => {
  it('an honest DKG completes and its shares sign (the DKG the other tests set up with, run for real)', async () => {
    const dkg = runDkg(pair);
    const shares = pair.map((p) => dkg.get(p)!);
    const hash = randomBytes(32);
    await expectValid(shares, runSigning(shares, hash), hash);
  });

  it('the recovery id is right for both parities of R: every signature recovers the group’s key', async () => {
    const dkg = setupDkg(pair);
    const shares = pair.map((p) => dkg.get(p)!);
    const seen = new Set<number>();
    // Each parity has probability ½ per signature: 24 signatures miss one with probability 2^-23.
    for (let i = 0; i < 24; i++) {
      const hash = randomBytes(32);
      const sigs = runSigning(shares, hash);
      await expectValid(shares, sigs, hash);
      seen.add(sigs.get(A0)!.recovery);
    }
    expect([...seen].sort()).toEqual([0, 1]);
  });

  it('a flipped bit in the Schnorr proof of a key share is blamed on its sender, with evidence', () => {
    let sent: Uint8Array = new Uint8Array();
    const err = catchProtocolError(() =>
      runDkg(
        parties,
        tamper(P1, P0, 2, (p) => (sent = flipBit(p, KAPPA_POINTS))),
      ),
    );
    expect(err.code).toBe('BAD_PROOF');
    expect(err.details.culprit).toBe(P1);
    expect(err.details.evidence).toContain(bytesToHex(sent));
  });

  it('a public share that does not open its commitment is blamed on its sender', () => {
    const err = catchProtocolError(() =>
      runDkg(
        pair,
        tamper(A1, A0, 2, (p) => flipBit(p, KAPPA_POINTS + 65 + 1)),
      ),
    );
    expect(err.code).toBe('BAD_PROOF');
    expect(err.details.reason).toBe('commitment does not open');
    expect(err.details.culprit).toBe(A1);
    expect(err.details.evidence).toHaveLength(2);
  });

  it('an invalid proof for the base-OT key is blamed on its sender', () => {
    const err = catchProtocolError(() =>
      runDkg(
        parties,
        tamper(P0, P2, 1, (p) => flipBit(p, 0)),
      ),
    );
    expect(err.code).toBe('BAD_PROOF');
    expect(err.details.culprit).toBe(P0);
  });
});

describe('base-OT hardening in the DKG', () => {
  it("a B_k equal to the sender's own A is refused and blamed on the receiver who sent it", () => {
    let ourA: Uint8Array = new Uint8Array();
    const err = catchProtocolError(() =>
      runDkg(pair, (d) => {
        // Round 1 body ends with A (33) ‖ proof (65): remember the A that party-0 sent to party-1.
        if (d.from === A0 && d.round === 1)
          ourA = d.payload.slice(d.payload.length - 98, d.payload.length - 65);
        if (d.from === A1 && d.to === A0 && d.round === 2) {
          const out = d.payload.slice();
          out.set(ourA, out.length - KAPPA_POINTS);
          return out;
        }
        return d.payload;
      }),
    );
    expect(err.code).toBe('BAD_PROOF');
    expect(err.details).toMatchObject({ culprit: A1, reason: 'a B_i equals our A' });
  });

  it('a wrong verification response or opening fails the pairwise base-OT check', () => {
    const response = catchProtocolError(() =>
      runDkg(
        pair,
        tamper(A1, A0, 4, (p) => flipBit(p, 7)),
      ),
    );
    expect(response.code).toBe('PAIRWISE_CHECK');
    expect(response.details.pair).toEqual([A0, A1]);
    const opening = catchProtocolError(() =>
      runDkg(
        pair,
        tamper(A0, A1, 5, (p) => flipBit(p, 100)),
      ),
    );
    expect(opening.code).toBe('PAIRWISE_CHECK');
    expect(opening.details.pair).toEqual([A1, A0]);
  });
});

describe('blame in signing', () => {
  let shares: KeyShare[];
  const fresh = () => shares.map((s) => decodeKeyShare(encodeKeyShare(s)));

  beforeAll(() => {
    const dkg = setupDkg(parties);
    shares = parties.map((p) => dkg.get(p)!);
  });

  it('an instance point that does not open its commitment is blamed on its sender', () => {
    const sent: Uint8Array[] = [];
    const err = catchProtocolError(() =>
      runSigning(fresh(), randomBytes(32), (d) => {
        if (d.from !== P1 || d.to !== P2) return d.payload;
        const payload = d.round === 2 ? flipBit(d.payload, TAIL_AFTER_SALT) : d.payload;
        sent[d.round] = payload;
        return payload;
      }),
    );
    expect(err.code).toBe('BAD_PROOF');
    expect(err.details).toMatchObject({ culprit: P1, reason: 'commitment does not open', round: 2 });
    // The evidence is the culprit's own two messages: anyone can check that they do not open.
    expect(err.details.evidence).toEqual([bytesToHex(sent[1]!), bytesToHex(sent[2]!)]);
  });

  it('signing needs exactly the parties of the share: a subset is refused before anything runs', () => {
    const share = fresh()[0]!;
    const err = catchProtocolError(() =>
      createSigning({ sessionId: randomBytes(32), share, parties: [P0, P1], messageHash: randomBytes(32) }),
    );
    expect(err.code).toBe('BAD_INPUT');
    expect(err.details.expected).toEqual(parties);
    expect(share.ot.get(P1)!.runs.size).toBe(0);
  });

  it('a tampered OT-extension message fails the KOS check: the pair is named and its OT discarded', async () => {
    const mine = fresh();
    const err = catchProtocolError(() =>
      runSigning(
        mine,
        randomBytes(32),
        tamper(P1, P0, 1, (p) => flipBit(p, 64 + 100)),
      ),
    );
    expect(err.code).toBe('PAIRWISE_CHECK');
    expect(err.details.pair).toEqual([P0, P1]);
    expect(err.details.culprit).toBeUndefined();
    expect(err.message).toMatch(/set up again/);
    expect(mine[0]!.ot.get(P1)!.discarded).toBe(true);
    // The documented signal to persist the share now (docs/protocol.md, API).
    expect(err.details.otDiscarded).toBe(true);
    // The discarded state survives encoding, and signing refuses until the pair is set up again.
    const stored = decodeKeyShare(encodeKeyShare(mine[0]!));
    const refusal = catchProtocolError(() =>
      createSigning({ sessionId: randomBytes(32), share: stored, parties, messageHash: randomBytes(32) }),
    );
    expect(refusal.code).toBe('OT_DISCARDED');
    expect(refusal.details.pair).toEqual([P0, P1]);

    const sessionId = randomBytes(32);
    const renewed = runLocally(
      new Map([
        [P0, createOtSetup({ sessionId, share: stored, counterparty: P1 })],
        [P1, createOtSetup({ sessionId, share: mine[1]!, counterparty: P0 })],
      ]),
    );
    expect(renewed.get(P0)!.ot.get(P1)!.discarded).toBe(false);
    // Both sides name the new setup alike, and apart from the DKG's and from another run's.
    const setupId = renewed.get(P0)!.ot.get(P1)!.setupId;
    expect(renewed.get(P1)!.ot.get(P0)!.setupId).toEqual(setupId);
    expect(mine[0]!.ot.get(P1)!.setupId).toEqual(mine[1]!.ot.get(P0)!.setupId);
    expect(setupId).not.toEqual(mine[0]!.ot.get(P1)!.setupId);
    expect(decodeKeyShare(encodeKeyShare(renewed.get(P0)!)).ot.get(P1)!.setupId).toEqual(setupId);
    const again = [renewed.get(P0)!, renewed.get(P1)!, mine[2]!];
    const hash = randomBytes(32);
    await expectValid(again, runSigning(again, hash), hash);
  });

  it('a tampered multiplication answer fails the RVOLE check and names the pair', () => {
    const mine = fresh();
    const err = catchProtocolError(() =>
      runSigning(
        mine,
        randomBytes(32),
        tamper(P2, P0, 2, (p) => flipBit(p, TAIL_AFTER_TAU)),
      ),
    );
    expect(err.code).toBe('PAIRWISE_CHECK');
    expect(err.details.pair).toEqual([P0, P2]);
    expect(mine[0]!.ot.get(P2)!.discarded).toBe(true);
  });

  it('a multiplication input inconsistent with R_j (DKLs23 Γ check) names the pair', () => {
    const err = catchProtocolError(() =>
      runSigning(
        fresh(),
        randomBytes(32),
        tamper(P1, P2, 2, (p) => {
          const out = p.slice();
          out.set(pointToBytes(G.multiply(randomScalar())), p.length - TAIL_AFTER_GAMMA_U - 33);
          return out;
        }),
      ),
    );
    expect(err.code).toBe('PAIRWISE_CHECK');
    expect(err.details.pair).toEqual([P2, P1]);
    expect(err.details.reason).toMatch(/inconsistent/);
  });

  it('a Γ^v inconsistent with pk_j names only that pair; the honest pair keeps its setup', () => {
    const mine = fresh();
    const err = catchProtocolError(() =>
      runSigning(
        mine,
        randomBytes(32),
        tamper(P1, P0, 2, (p) => {
          const out = p.slice();
          // Γ^v = (c_v + 1)·G: off by G, the smallest possible change.
          const at = p.length - TAIL_AFTER_GAMMA_U;
          out.set(pointToBytes(pointFromBytes(p.subarray(at, at + 33))!.add(G)), at);
          return out;
        }),
      ),
    );
    expect(err.code).toBe('PAIRWISE_CHECK');
    expect(err.details.pair).toEqual([P0, P1]);
    expect(err.details.reason).toMatch(/inconsistent/);
    expect(mine[0]!.ot.get(P1)!.discarded).toBe(true);
    // The honest pair P0–P2 is not blamed and keeps its setup.
    expect(mine[0]!.ot.get(P2)!.discarded).toBe(false);
  });

  it('repeating a session id does not repeat OT-extension correlations', () => {
    const sessionId = randomBytes(32);
    const round1 = () => {
      let seen: Uint8Array = new Uint8Array();
      runSigning(
        fresh(),
        randomBytes(32),
        (d) => {
          if (d.from === P0 && d.to === P1 && d.round === 1) seen = d.payload;
          return d.payload;
        },
        sessionId,
      );
      return seen;
    };
    const [first, second] = [round1(), round1()];
    // Same header and length, but Bob's nonce and matrix u differ (they are keyed by a fresh nonce).
    expect(first.length).toBe(second.length);
    const u = (p: Uint8Array) => bytesToHex(p.subarray(p.length - 64 - 24064, p.length - 64));
    expect(u(first)).not.toBe(u(second));
  });

  it('a wrong final share makes every receiver refuse the signature', () => {
    const err = catchProtocolError(() =>
      runSigning(
        fresh(),
        randomBytes(32),
        tamper(P2, P0, 3, (p) => flipBit(p, 32)),
      ),
    );
    expect(err.code).toBe('BAD_SIGNATURE');
    // Nobody can be named from a wrong (w_i, u_i): the error says the round, not a culprit.
    expect(err.details).toMatchObject({ round: 3 });
    expect(err.details.culprit).toBeUndefined();
  });

  describe('message-level checks (the machine stays usable after a refused message)', () => {
    let machine: ReturnType<typeof createSigning>;
    let fromP1: Uint8Array;
    let recorded: Delivery[];
    let sessionId: Uint8Array;

    beforeAll(() => {
      sessionId = randomBytes(32);
      recorded = [];
      const hash = randomBytes(32);
      runSigning(
        fresh(),
        hash,
        (d) => {
          recorded.push(d);
          return d.payload;
        },
        sessionId,
      );
    });

    const newMachine = () => {
      machine = createSigning({ sessionId, share: fresh()[0]!, parties, messageHash: randomBytes(32) });
      machine.start();
      fromP1 = recorded.find((d) => d.from === P1 && d.to === P0 && d.round === 1)!.payload;
    };

    it('replay from another session is blamed on the party that sent it', () => {
      machine = createSigning({
        sessionId: randomBytes(32),
        share: fresh()[0]!,
        parties,
        messageHash: randomBytes(32),
      });
      machine.start();
      const replay = recorded.find((d) => d.from === P1 && d.to === P0 && d.round === 1)!.payload;
      const err = catchProtocolError(() => machine.handle({ from: P1, payload: replay }));
      expect(err.code).toBe('UNEXPECTED');
      expect(err.details).toMatchObject({ culprit: P1, reason: expect.stringMatching(/another session/) });
    });

    it('wrong sender, unknown party, duplicate, out-of-order, stale and truncated messages', () => {
      newMachine();
      const wrongSender = catchProtocolError(() => machine.handle({ from: P2, payload: fromP1 }));
      expect(wrongSender.details).toMatchObject({
        culprit: P2,
        reason: expect.stringMatching(/sender field/),
      });

      const unknown = catchProtocolError(() => machine.handle({ from: 'mallory', payload: fromP1 }));
      expect(unknown.details.culprit).toBe('mallory');

      const truncated = catchProtocolError(() =>
        machine.handle({ from: P1, payload: fromP1.subarray(0, 500) }),
      );
      expect(truncated.code).toBe('MALFORMED');
      expect(truncated.details.culprit).toBe(P1);

      const round3 = recorded.find((d) => d.from === P1 && d.to === P0 && d.round === 3)!.payload;
      const early = catchProtocolError(() => machine.handle({ from: P1, payload: round3 }));
      expect(early.details).toMatchObject({ culprit: P1, reason: expect.stringMatching(/out-of-order/) });

      expect(machine.handle({ from: P1, payload: fromP1 }).messages).toEqual([]);
      const dup = catchProtocolError(() => machine.handle({ from: P1, payload: fromP1 }));
      expect(dup.details).toMatchObject({ culprit: P1, reason: expect.stringMatching(/duplicate/) });
      expect(machine.waitingFor()).toEqual([P2]);

      const fromP2 = recorded.find((d) => d.from === P2 && d.to === P0 && d.round === 1)!.payload;
      const step = machine.handle({ from: P2, payload: fromP2 });
      expect(step.messages.map((m) => m.to)).toEqual([P1, P2]);
      expect(machine.round).toBe(2);
      const stale = catchProtocolError(() => machine.handle({ from: P2, payload: fromP2 }));
      expect(stale.details).toMatchObject({ culprit: P2, reason: expect.stringMatching(/stale/) });
    });

    /** `payload`'s body under a new header (round, recipient; null = broadcast). */
    function rewrap(d: Delivery, round: number, to: string | null, recipientFlag?: number): Uint8Array {
      const headerLength = writeHeader(Kind.Sign, d.round, sessionId, d.from, d.to).finish().length;
      const header = writeHeader(Kind.Sign, round, sessionId, d.from, to).finish();
      if (recipientFlag !== undefined)
        header[header.length - 1 - (to === null ? 0 : 1 + to.length)] = recipientFlag;
      const out = new Uint8Array(header.length + d.payload.length - headerLength);
      out.set(header);
      out.set(d.payload.subarray(headerLength), header.length);
      return out;
    }

    it('a message from ourselves, a broadcast where point-to-point is due, a bad recipient flag', () => {
      newMachine();
      const own = recorded.find((d) => d.from === P0 && d.to === P1 && d.round === 1)!;
      const self = catchProtocolError(() => machine.handle({ from: P0, payload: own.payload }));
      expect(self.details.reason).toMatch(/not a party of this run/);
      const p2p = recorded.find((d) => d.from === P1 && d.to === P0 && d.round === 1)!;
      const asBroadcast = catchProtocolError(() =>
        machine.handle({ from: P1, payload: rewrap(p2p, 1, null) }),
      );
      expect(asBroadcast.details.reason).toMatch(/must be point-to-point/);
      const flagTwo = catchProtocolError(() => machine.handle({ from: P1, payload: rewrap(p2p, 1, P0, 2) }));
      expect(flagTwo.code).toBe('MALFORMED');
      expect(flagTwo.details.culprit).toBe(P1);
      // None of these was taken for P1's message: the real one is still awaited and accepted.
      expect(machine.waitingFor()).toEqual([P1, P2]);
      expect(machine.handle({ from: P1, payload: rewrap(p2p, 1, P0) }).messages).toEqual([]);
      expect(machine.waitingFor()).toEqual([P2]);
    });

    it('in the last round: a message for a round past it is refused; once done, every message is', () => {
      const sid = randomBytes(32);
      const hash = randomBytes(32);
      const machines = new Map<string, ProtocolMachine<Signature>>(
        fresh().map((s) => [
          s.partyId,
          createSigning({ sessionId: sid, share: s, parties, messageHash: hash }),
        ]),
      );
      const queue: Delivery[] = [];
      const held: Delivery[] = [];
      const send = (from: string, out: ReturnType<ProtocolMachine<Signature>['start']>) => {
        for (const m of out)
          for (const to of m.to === null ? parties.filter((p) => p !== from) : [m.to])
            queue.push({ from, to, round: m.round, payload: m.payload });
      };
      for (const [p, m] of machines) send(p, m.start());
      while (queue.length > 0) {
        const d = queue.shift()!;
        if (d.to === P0 && d.round === 3) held.push(d);
        else send(d.to, machines.get(d.to)!.handle({ from: d.from, payload: d.payload }).messages);
      }
      const p0 = machines.get(P0)!;
      expect(p0.round).toBe(3);
      const last = held.find((d) => d.from === P1)!;
      const fourth = writeHeader(Kind.Sign, 4, sid, P1, null)
        .bytes(last.payload.subarray(writeHeader(Kind.Sign, 3, sid, P1, null).finish().length))
        .finish();
      const past = catchProtocolError(() => p0.handle({ from: P1, payload: fourth }));
      expect(past.details.reason).toMatch(/out-of-order/);
      let result: Signature | undefined;
      for (const d of held) result = p0.handle({ from: d.from, payload: d.payload }).result ?? result;
      expect(result).toBeDefined();
      expect(p0.done).toBe(true);
      const late = catchProtocolError(() => p0.handle({ from: P1, payload: last.payload }));
      expect(late.details.reason).toMatch(/stale/);
      for (const m of machines.values()) m.close();
    });

    it('a message addressed to another party is refused', () => {
      newMachine();
      const toP2 = recorded.find((d) => d.from === P1 && d.to === P2 && d.round === 1)!.payload;
      const err = catchProtocolError(() => machine.handle({ from: P1, payload: toP2 }));
      expect(err.details).toMatchObject({ culprit: P1, reason: expect.stringMatching(/addressed to/) });
    });
  });
});
