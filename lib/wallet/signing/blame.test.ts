import { randomBytes } from '@noble/curves/utils.js';
import { describe, expect, it } from 'vitest';
import { createSigning, ProtocolError, type KeyShare } from '../../protocol';
import { refusalOf, setupDkg } from '../../protocol/testHarness';
import { TssClientError, type SessionFailure } from '../../tss';
import { blameOf, isOthersPairRenewal, isReported, pairToSetUpAgain, staleParty } from './blame';

const USER = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const GROUP = 'group-0';

/**
 * One signing run between us (one generation up: the group set our pair up again) and a member that
 * missed that setup: each machine sees the other's round-1 generation and refuses.
 */
function staleRun(): { ours: ProtocolError; theirs: ProtocolError } {
  const shares = setupDkg([USER, GROUP]);
  const mine = structuredClone(shares.get(USER)!) as KeyShare;
  mine.ot.get(GROUP)!.generation = 1;
  const sessionId = randomBytes(32);
  const messageHash = randomBytes(32);
  const parties = [USER, GROUP];
  const us = createSigning({ sessionId, share: mine, parties, messageHash });
  const member = createSigning({ sessionId, share: shares.get(GROUP)!, parties, messageHash });
  const [toMember] = us.start();
  const [toUs] = member.start();
  return {
    ours: refusalOf(() => us.handle({ from: GROUP, payload: toUs!.payload })),
    theirs: refusalOf(() => member.handle({ from: USER, payload: toMember!.payload })),
  };
}

/** The member's refusal as its server reports it on the session's stream, and as the wallet reads it. */
function reported(error: ProtocolError): TssClientError {
  const d = error.details;
  const failure: SessionFailure = {
    reason: d.reason as string,
    code: error.code,
    pair: d.pair as [string, string],
    stale: d.stale as string,
    round: d.round as number,
  };
  return new TssClientError(`${GROUP} reports the session failed: ${failure.reason}`, {
    code: 'TSS_SESSION_FAILED',
    details: { reporter: GROUP, failure },
  });
}

describe('a member holding an old copy of its pair with us', () => {
  const { ours, theirs } = staleRun();

  it('is blamed in the same words whether our machine or the member saw it first', () => {
    for (const error of [ours, reported(theirs)]) {
      const blamed = blameOf(error, USER);
      expect(blamed.map((b) => b.party)).toEqual([GROUP]);
      expect(blamed[0]!.reason).toMatch(/group-0 holds an old copy/);
    }
  });

  it('names that member as stale, and the pair as ours to set up again either way', () => {
    for (const error of [ours, reported(theirs)]) {
      expect(staleParty(error)).toBe(GROUP);
      expect(pairToSetUpAgain(error, USER)).toBe(GROUP);
      expect(isOthersPairRenewal(error, USER)).toBe(false);
      // Nobody reports it on chain: the wallet does not wait for a report before setting the pair up again.
      expect(isReported(error)).toBe(false);
    }
  });
});

describe('two validators meeting with a pair under renewal', () => {
  const report = (failure: SessionFailure) =>
    new TssClientError(`group-1 reports the session failed: ${failure.reason}`, {
      code: 'TSS_SESSION_FAILED',
      details: { reporter: 'group-1', failure },
    });

  it('is a renewal the servers complete, not reported, for a discarded copy or an old one', () => {
    for (const failure of [
      { reason: 'OT setup discarded', code: 'OT_DISCARDED', pair: ['group-1', GROUP] },
      { reason: 'OT setup generations differ', code: 'OT_STALE', pair: ['group-1', GROUP], stale: GROUP },
    ] as SessionFailure[]) {
      expect(isOthersPairRenewal(report(failure), USER)).toBe(true);
      expect(isReported(report(failure))).toBe(false);
      expect(pairToSetUpAgain(report(failure), USER)).toBeUndefined();
    }
  });

  it('unlike a failed pairwise check between them, which is reported and counts as an attempt', () => {
    const failure: SessionFailure = {
      reason: 'inconsistent',
      code: 'PAIRWISE_CHECK',
      pair: ['group-1', GROUP],
    };
    expect(isOthersPairRenewal(report(failure), USER)).toBe(false);
    expect(isReported(report(failure))).toBe(true);
  });
});
