import { randomBytes } from '@noble/curves/utils.js';
import { describe, expect, it } from 'vitest';
import { createSigning, type KeyShare } from '../../lib/protocol';
import type { OutgoingMessage } from '../../lib/protocol/types';
import { refusalOf, setupDkg } from '../../lib/protocol/testHarness';
import type { SessionFailure } from '../../lib/tss';
import { accusedBy } from './accuse';
import { signingShare } from './misbehave';

const USER = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const G0 = 'group-0';
const G1 = 'group-1';
const PARTIES = [USER, G0, G1];
const dkg = setupDkg(PARTIES);
const copy = (party: string) => structuredClone(dkg.get(party)!) as KeyShare;

/**
 * One signing run over `shares`, delivered in memory until `reporter`'s machine refuses (the other
 * machines' own refusals only silence them); that refusal as the reporter's server reports it.
 */
function failureOf(shares: KeyShare[], reporter: string): SessionFailure {
  const sessionId = randomBytes(32);
  const messageHash = randomBytes(32);
  const error = refusalOf(() => {
    const machines = new Map(
      shares.map((share) => [
        share.partyId,
        createSigning({ sessionId, share, parties: PARTIES, messageHash }),
      ]),
    );
    const queue: { from: string; to: string; payload: Uint8Array }[] = [];
    const send = (from: string, out: OutgoingMessage[]) => {
      for (const m of out)
        for (const to of m.to === null ? PARTIES.filter((p) => p !== from) : [m.to])
          queue.push({ from, to, payload: m.payload });
    };
    const step = (party: string, run: () => OutgoingMessage[]) => {
      try {
        send(party, run());
      } catch (error) {
        if (party === reporter) throw error;
        machines.delete(party);
      }
    };
    for (const [party, machine] of machines) step(party, () => machine.start());
    while (queue.length > 0) {
      const { from, to, payload } = queue.shift()!;
      const machine = machines.get(to);
      if (machine) step(to, () => machine.handle({ from, payload }).messages);
    }
  });
  const d = error.details;
  return {
    reason: d.reason as string,
    code: error.code,
    ...(d.culprit === undefined ? {} : { culprit: d.culprit as string }),
    ...(d.pair === undefined ? {} : { pair: d.pair as [string, string] }),
    ...(typeof d.stale === 'string' ? { stale: d.stale } : {}),
  };
}

describe('whom a server reports after its signing run failed', () => {
  it('the other side of a failed pairwise check (a member signing with a wrong share)', () => {
    const failure = failureOf([copy(G1), signingShare('wrong-share', copy(G0)), copy(USER)], G1);
    expect(failure.code).toBe('PAIRWISE_CHECK');
    expect(accusedBy(failure, G1, USER)).toEqual([G0]);
  });

  it('nobody for another validator’s old copy of a pair the servers just renewed', () => {
    const renewed = copy(G1);
    renewed.ot.get(G0)!.generation = 1;
    const failure = failureOf([renewed, copy(G0), copy(USER)], G1);
    expect(failure).toMatchObject({ code: 'OT_STALE', stale: G0 });
    expect(accusedBy(failure, G1, USER)).toEqual([]);
  });

  it('the user for an old copy of its pair with us (the account was set up again elsewhere)', () => {
    const renewed = copy(G1);
    renewed.ot.get(USER)!.generation = 1;
    const failure = failureOf([renewed, copy(USER), copy(G0)], G1);
    expect(failure).toMatchObject({ code: 'OT_STALE', stale: USER });
    expect(accusedBy(failure, G1, USER)).toEqual([USER]);
  });

  it('nobody for our own copy of a pair, discarded after an earlier failed check', () => {
    const burnt = copy(G1);
    burnt.ot.get(G0)!.discarded = true;
    const failure = failureOf([burnt, copy(G0), copy(USER)], G1);
    expect(failure.code).toBe('OT_DISCARDED');
    expect(accusedBy(failure, G1, USER)).toEqual([]);
  });

  it('the parties whose messages never came, never itself', () => {
    const failure: SessionFailure = { reason: 'timed out', code: 'TIMEOUT', missing: [G0, G1] };
    expect(accusedBy(failure, G1, USER)).toEqual([G0]);
  });
});
