import { describe, expect, it } from 'vitest';
import { Pool, POOL_DEFAULTS, type TxStatus } from './pool';
import type { CheckedTx } from './runtime';
import type { Hex } from './runtime/entropy-types';

let seq = 0;
/** A checked transaction as the pool sees it (the pool never reads the decoded extrinsic). */
function fakeTx(
  signer: string,
  nonce: number,
  opts: { tip?: bigint; size?: number; death?: number } = {},
): CheckedTx {
  seq++;
  return {
    hash: `0x${seq.toString(16).padStart(64, '0')}` as Hex,
    bytes: new Uint8Array(opts.size ?? 100),
    signer,
    nonce,
    tip: opts.tip ?? 0n,
    fee: 1n,
    weight: 1n,
    deathBlock: opts.death ?? null,
    ext: undefined as unknown as CheckedTx['ext'],
  };
}

function rejection(fn: () => unknown): { code: number; data?: string } {
  try {
    fn();
  } catch (e) {
    const err = e as { rpcCode: number; data?: string };
    return { code: err.rpcCode, data: err.data };
  }
  throw new Error('not rejected');
}

const ATTACKER = '5Attacker';
const VICTIM = '5Victim';

describe('pool limits', () => {
  it('one account filling the pool with nonce gaps neither blocks another account nor reaches the block', () => {
    const pool = new Pool();
    let refused = 0;
    for (let i = 0; i < POOL_DEFAULTS.maxCount; i++) {
      try {
        expect(pool.add(fakeTx(ATTACKER, 10 + i), 0)).toBe('future');
      } catch (e) {
        expect((e as { rpcCode: number }).rpcCode).toBe(1016);
        refused++;
      }
    }
    expect(pool.size).toBe(POOL_DEFAULTS.maxFuturePerSender);
    expect(refused).toBe(POOL_DEFAULTS.maxCount - POOL_DEFAULTS.maxFuturePerSender);
    expect(rejection(() => pool.add(fakeTx(ATTACKER, 100_000), 0)).data).toMatch(
      /too many future transactions from this sender/i,
    );

    const transfer = fakeTx(VICTIM, 0);
    expect(pool.add(transfer, 0)).toBe('ready');
    // Block building only sees what can be included.
    expect(pool.candidates()).toEqual([transfer]);
    expect(pool.nextNonce(VICTIM, 0)).toBe(1);
    expect(pool.nextNonce(ATTACKER, 0)).toBe(0);
  });

  it('caps the future queue across senders and refuses a future transaction that is not better', () => {
    const pool = new Pool({ maxFuture: 3, maxFuturePerSender: 2 });
    pool.add(fakeTx('a', 5), 0);
    pool.add(fakeTx('a', 6), 0);
    pool.add(fakeTx('b', 5), 0);
    expect(rejection(() => pool.add(fakeTx('c', 5), 0))).toMatchObject({ code: 1016 });
    // A higher tip takes the place of the worst future transaction (lowest priority, newest).
    const statuses: TxStatus[] = [];
    const worst = fakeTx('d', 9);
    const full = new Pool({ maxFuture: 2 });
    full.add(fakeTx('e', 9, { tip: 5n }), 0);
    full.add(worst, 0, (s) => statuses.push(s));
    full.add(fakeTx('f', 9, { tip: 7n }), 0);
    expect(statuses).toEqual(['dropped']);
    expect(full.size).toBe(2);
    // The evicted transaction is banned for a while.
    expect(rejection(() => full.add(worst, 0))).toMatchObject({ code: 1012 });
  });

  it('evicts future transactions first, then the lowest-priority ready ones, when full', () => {
    const pool = new Pool({ maxCount: 3 });
    const statuses = new Map<string, TxStatus[]>();
    const watch = (name: string) => (s: TxStatus) => statuses.set(name, [...(statuses.get(name) ?? []), s]);
    pool.add(fakeTx('a', 0, { tip: 1n }), 0, watch('a0'));
    pool.add(fakeTx('a', 1, { tip: 1n }), 0, watch('a1'));
    pool.add(fakeTx('b', 3, { tip: 9n }), 0, watch('b3'));
    // A ready transaction pushes out the future one even though its priority is lower.
    pool.add(fakeTx('c', 0), 0, watch('c0'));
    expect(statuses.get('b3')).toEqual(['dropped']);
    // Full of ready transactions: an equal priority is refused, a higher one evicts the worst tail.
    expect(rejection(() => pool.add(fakeTx('d', 0), 0))).toMatchObject({ code: 1016 });
    pool.add(fakeTx('d', 0, { tip: 2n }), 0, watch('d0'));
    // c0 (tip 0) was the lowest priority; a1 is a0's tail and stays since it outranks c0.
    expect(statuses.get('c0')).toEqual(['dropped']);
    expect(statuses.get('a0')).toBeUndefined();
    expect(pool.candidates().map((t) => `${t.signer}${t.nonce}`)).toEqual(['d0', 'a0', 'a1']);
  });

  it('replaces a queued transaction by one with the same nonce and a higher tip', () => {
    const pool = new Pool();
    const statuses: TxStatus[] = [];
    const first = fakeTx('a', 0, { tip: 1n });
    pool.add(first, 0, (s) => statuses.push(s));
    expect(rejection(() => pool.add(fakeTx('a', 0, { tip: 1n }), 0))).toMatchObject({ code: 1014 });
    const better = fakeTx('a', 0, { tip: 2n });
    expect(pool.add(better, 0)).toBe('ready');
    expect(statuses).toEqual([{ usurped: better.hash }]);
    expect(pool.candidates()).toEqual([better]);
  });

  it('expires future transactions after their time to live and mortal ones at their era end', () => {
    let now = 1_000;
    const pool = new Pool({ futureTtlMs: 60_000, now: () => now });
    const statuses: TxStatus[] = [];
    const future = fakeTx('a', 4);
    pool.add(future, 0, (s) => statuses.push(s));
    const mortal = fakeTx('b', 0, { death: 3 });
    const mortalStatuses: TxStatus[] = [];
    pool.add(mortal, 0, (s) => mortalStatuses.push(s));
    now += 60_000;
    pool.onBlock(1, `0x${'01'.repeat(32)}`, [], [], () => 0);
    expect(statuses).toEqual(['invalid']);
    expect(pool.size).toBe(1);
    expect(rejection(() => pool.add(future, 0))).toMatchObject({ code: 1012 });
    // Block 2 sealed: the next block (3) is the era's death, so the transaction can no longer be included.
    pool.onBlock(2, `0x${'02'.repeat(32)}`, [], [], () => 0);
    expect(mortalStatuses).toEqual(['invalid']);
    expect(pool.size).toBe(0);
  });

  it('keeps a sender in nonce order and promotes or demotes as blocks include or drop', () => {
    const pool = new Pool();
    const statuses: TxStatus[] = [];
    const t2 = fakeTx('a', 2);
    expect(pool.add(t2, 0, (s) => statuses.push(s))).toBe('future');
    const t1 = fakeTx('a', 1);
    expect(pool.add(t1, 0)).toBe('future');
    const t0 = fakeTx('a', 0);
    expect(pool.add(t0, 0)).toBe('ready');
    expect(statuses).toEqual(['ready']);
    expect(pool.candidates()).toEqual([t0, t1, t2]);
    expect(pool.nextNonce('a', 0)).toBe(3);
    // t0 included, t1 dropped (cannot pay): t2 waits again for nonce 2.
    pool.onBlock(1, `0x${'01'.repeat(32)}`, [t0.hash], [t1.hash], () => 1);
    expect(statuses).toEqual(['ready', 'future']);
    expect(pool.candidates()).toEqual([]);
    expect(pool.nextNonce('a', 1)).toBe(1);
    const again = fakeTx('a', 1);
    expect(pool.add(again, 1)).toBe('ready');
    expect(pool.candidates()).toEqual([again, t2]);
  });
});
