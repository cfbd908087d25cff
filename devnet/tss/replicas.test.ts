import { randomBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import type { KeyShare, PairwiseOt } from '../../lib/protocol';
import { keepReplicatedPair, pairReplicaVerdict, refuseStalePair } from './replicas';

const pair = (generation: number, setupId: Uint8Array): PairwiseOt => ({
  asSender: { delta: randomBytes(32), seeds: randomBytes(32) },
  asReceiver: { seeds0: randomBytes(32), seeds1: randomBytes(32) },
  discarded: false,
  generation,
  setupId,
  runs: new Set(),
});
const id = (first: number) => Uint8Array.from({ length: 16 }, (_, i) => (i === 0 ? first : 7));

describe("a group mate's copy of an OT pair", () => {
  it('replaces an older generation or none, and is refused when older', () => {
    expect(pairReplicaVerdict(undefined, pair(0, id(1)))).toBe('adopt');
    expect(pairReplicaVerdict(pair(1, id(1)), pair(2, id(9)))).toBe('adopt');
    expect(pairReplicaVerdict(pair(2, id(1)), pair(1, id(0)))).toBe('stale');
    expect(() => refuseStalePair(pair(2, id(1)), pair(1, id(0)), 'group-1')).toThrow(
      expect.objectContaining({
        code: 'STALE_SHARE',
        message: expect.stringMatching(/older \(generation 1\)/),
      }),
    );
  });

  it('of the same generation: the smaller setup id wins, the same setup is already held', () => {
    expect(pairReplicaVerdict(pair(3, id(5)), pair(3, id(4)))).toBe('adopt');
    expect(pairReplicaVerdict(pair(3, id(4)), pair(3, id(5)))).toBe('stale');
    expect(pairReplicaVerdict(pair(3, id(4)), pair(3, id(4)))).toBe('held');
    expect(() => refuseStalePair(pair(3, id(4)), pair(3, id(5)), 'group-1')).toThrow(
      expect.objectContaining({
        code: 'STALE_SHARE',
        message: expect.stringMatching(/loses to the other setup/),
      }),
    );
    expect(() => refuseStalePair(pair(3, id(4)), pair(3, id(4)), 'group-1')).not.toThrow();
  });

  it('two renewals at once in two committees: both groups end up holding one setup, in any order', () => {
    // Groups A and B, two members each. a1–b1 and a2–b2 each renewed their pair to generation 1.
    const s1 = { a: pair(1, randomBytes(16)), b: pair(1, randomBytes(16)) };
    s1.b.setupId = s1.a.setupId;
    const s2 = { a: pair(1, randomBytes(16)), b: pair(1, randomBytes(16)) };
    s2.b.setupId = s2.a.setupId;
    for (const order of [0, 1]) {
      const held = { a1: s1.a, a2: s2.a, b1: s1.b, b2: s2.b };
      // Each renewing member hands its new pair to its group mate; the messages cross.
      const sends: [keyof typeof held, PairwiseOt][] = [
        ['a2', s1.a],
        ['a1', s2.a],
        ['b2', s1.b],
        ['b1', s2.b],
      ];
      if (order === 1) sends.reverse();
      for (const [to, copy] of sends) if (pairReplicaVerdict(held[to], copy) === 'adopt') held[to] = copy;
      expect(held.a1).toBe(held.a2);
      expect(held.b1).toBe(held.b2);
      // And the setups the two groups hold are the two sides of one run.
      expect(held.a1.setupId).toEqual(held.b1.setupId);
    }
  });

  it('of the very setup held here, passes on a discard (a mate caught a cheat on it) and never undoes one', () => {
    const live = (held: PairwiseOt) => ({ ot: new Map([['group-1', held]]) }) as unknown as KeyShare;
    const setup = id(4);
    const share = live(pair(2, setup));
    keepReplicatedPair(share, 'group-1', { ...pair(2, setup), discarded: true });
    expect(share.ot.get('group-1')!.discarded).toBe(true);
    keepReplicatedPair(share, 'group-1', pair(2, setup));
    expect(share.ot.get('group-1')!.discarded).toBe(true);
    // A newer setup replaces it; an older copy changes nothing and is refused.
    const newer = pair(3, id(9));
    keepReplicatedPair(share, 'group-1', newer);
    expect(share.ot.get('group-1')).toBe(newer);
    expect(() => keepReplicatedPair(share, 'group-1', { ...pair(2, setup), discarded: true })).toThrow(
      expect.objectContaining({ code: 'STALE_SHARE' }),
    );
    expect(share.ot.get('group-1')).toBe(newer);
    expect(newer.discarded).toBe(false);
  });
});
