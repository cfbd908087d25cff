import { describe, expect, it } from 'vitest';
import { SessionTracker, type SigningSessionView } from './view';

describe('SessionTracker', () => {
  it('times each step, resets per attempt and keeps the retry history', () => {
    let clock = 0;
    const published: SigningSessionView[] = [];
    const tracker = new SessionTracker(
      { requestId: 'r', account: 'a', sigHash: '0x00', maxAttempts: 3 },
      (v) => published.push(v),
      () => clock,
    );
    tracker.startAttempt(1);
    clock = 10;
    tracker.beginStep('committee');
    tracker.committee(7, [{ group: 0, stash: 's0', tssAccount: 't0', endpoint: 'http://a' }]);
    tracker.member(0, { state: 'blamed', error: 'bad proof' });
    tracker.retrying([{ party: 'group-0', reason: 'bad proof' }]);
    clock = 25;
    tracker.startAttempt(2);
    tracker.committee(9, [{ group: 0, stash: 's1', tssAccount: 't1', endpoint: 'http://b' }]);
    clock = 40;
    tracker.done('0xabcd');

    const final = published.at(-1)!;
    expect(final).toMatchObject({
      attempt: 2,
      blockNumber: 9,
      status: 'done',
      signature: '0xabcd',
      endedAt: 40,
    });
    expect(final.members).toEqual([
      { group: 0, stash: 's1', tssAccount: 't1', endpoint: 'http://b', state: 'done' },
    ]);
    expect(final.steps).toEqual([{ name: 'submit', startedAt: 25, endedAt: 40 }]);
    // The blamed party id is tied to the validator that held it in that attempt.
    expect(final.retries).toEqual([
      {
        attempt: 1,
        blockNumber: 7,
        blamed: [{ party: 'group-0', reason: 'bad proof', group: 0, stash: 's0', endpoint: 'http://a' }],
      },
    ]);
    // A report that trails the end does not undo it.
    tracker.member(0, { state: 'running', round: 2, totalRounds: 3 });
    expect(published.at(-1)!.members[0]!.state).toBe('done');
    // Snapshots are copies: later changes do not rewrite what was published.
    expect(published[2]!.members[0]!.state).toBe('selected');
  });

  it('publishes a member’s report only when it changes something', () => {
    const published: SigningSessionView[] = [];
    const tracker = new SessionTracker(
      { requestId: 'r', account: 'a', sigHash: '0x00', maxAttempts: 3 },
      (v) => published.push(v),
    );
    tracker.startAttempt(1);
    tracker.committee(7, [{ group: 0, stash: 's0', tssAccount: 't0', endpoint: 'http://a' }]);
    const before = published.length;
    const running = { state: 'running', round: 2, totalRounds: 3 } as const;
    tracker.member(0, running);
    tracker.member(0, running);
    tracker.member(0, { ...running });
    expect(published.length).toBe(before + 1);
    tracker.member(0, { ...running, round: 3 });
    const passed = [{ constraint: 'evmAcl', passed: true, reason: 'allowed' }];
    tracker.member(0, { constraintResults: passed });
    tracker.member(0, { constraintResults: [{ ...passed[0]! }] });
    expect(published.length).toBe(before + 3);
    expect(published.at(-1)!.members[0]).toMatchObject({ round: 3, constraintResults: passed });
  });

  it('keeps a running member’s round when its verdict comes after its first status', () => {
    const published: SigningSessionView[] = [];
    const tracker = new SessionTracker(
      { requestId: 'r', account: 'a', sigHash: '0x00', maxAttempts: 3 },
      (v) => published.push(v),
    );
    tracker.startAttempt(1);
    tracker.committee(7, [
      { group: 0, stash: 's0', tssAccount: 't0', endpoint: 'http://a' },
      { group: 1, stash: 's1', tssAccount: 't1', endpoint: 'http://b' },
    ]);
    const results = [{ constraint: 'evmAcl', passed: true, reason: 'allowed' }];
    tracker.member(0, { state: 'running', round: 1, totalRounds: 3 });
    tracker.verdict(0, true, results);
    tracker.verdict(1, true, results);
    expect(published.at(-1)!.members).toMatchObject([
      { state: 'running', round: 1, constraintResults: results },
      { state: 'constraints-passed', constraintResults: results },
    ]);
    tracker.verdict(0, false, [{ ...results[0]!, passed: false }]);
    expect(published.at(-1)!.members[0]!.state).toBe('constraints-failed');
  });
});
