import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { parseTransactionRequest } from '../ethereum/transaction';
import type { ReceiptStatus } from '../ethereum/receipt';
import { createRequestQueue } from '../requests/queue';
import { builtinEvmNetworks } from '../settings/evm-networks';
import { createHistory, recordQueueHistory, trackTransactions, type HistoryEntry } from './history';

const HASH = `0x${'ab'.repeat(32)}` as const;

describe('request history', () => {
  beforeEach(() => fakeBrowser.reset());

  it('records signed, rejected and failed requests with what they asked for', async () => {
    let fail = false;
    const queue = createRequestQueue({
      executor: {
        async approve() {
          if (fail) throw new Error('the committee timed out');
          return { signature: '0x1234' };
        },
      },
      openPopup: async () => {},
    });
    const history = createHistory();
    recordQueueHistory(queue, history, () => 7);
    const next = async () => (await queue.list()).at(-1)!;

    const signed = queue.enqueue({
      origin: 'https://a.example',
      account: '5Alice',
      payload: { kind: 'hash', hash: HASH },
    });
    await queue.approve((await next()).id);
    await expect(signed).resolves.toEqual({ signature: '0x1234' });

    const rejected = queue.enqueue({
      origin: 'https://b.example',
      account: '5Alice',
      payload: { kind: 'hash', hash: HASH },
    });
    await queue.reject((await next()).id);
    await expect(rejected).rejects.toMatchObject({ name: 'UserRejected' });

    fail = true;
    const failed = queue.enqueue({
      origin: 'https://c.example',
      account: '5Alice',
      payload: { kind: 'hash', hash: HASH },
    });
    await queue.approve((await next()).id);
    await expect(failed).rejects.toThrow('the committee timed out');

    await new Promise((r) => setTimeout(r, 0));
    const entries = await history.list();
    expect(entries.map((e) => [e.origin, e.outcome])).toEqual([
      ['https://c.example', 'failed'],
      ['https://b.example', 'rejected'],
      ['https://a.example', 'signed'],
    ]);
    expect(entries[2]).toMatchObject({
      signature: '0x1234',
      kind: 'hash',
      summary: `Sign hash ${HASH.slice(0, 18)}…`,
      at: 7,
    });
    expect(entries[0]?.error?.message).toBe('the committee timed out');
  });

  it('records an approval the worker’s restart interrupted as failed, with the reason', async () => {
    const before = createRequestQueue({
      executor: { approve: () => new Promise<never>(() => undefined) },
      openPopup: async () => {},
    });
    void before.enqueue({
      origin: 'https://d.example',
      account: '5Alice',
      payload: { kind: 'hash', hash: HASH },
    });
    const [request] = await before.list();
    void before.approve(request!.id);
    while ((await before.list())[0]?.status !== 'approving') await new Promise((r) => setTimeout(r, 0));

    // What a restarted worker builds over the same storage.session.
    const after = createRequestQueue({ executor: { approve: async () => null }, openPopup: async () => {} });
    const history = createHistory();
    recordQueueHistory(after, history, () => 9);
    expect(await after.list()).toEqual([]);
    await new Promise((r) => setTimeout(r, 0));
    expect(await history.list()).toEqual([
      expect.objectContaining({
        origin: 'https://d.example',
        outcome: 'failed',
        at: 9,
        error: expect.objectContaining({ code: 'WORKER_RESTARTED' }),
      }),
    ]);
  });
});

const TX_A = `0x${'a1'.repeat(32)}` as const;
const TX_B = `0x${'b2'.repeat(32)}` as const;
const TX_C = `0x${'c3'.repeat(32)}` as const;

function sent(id: string, hash: `0x${string}`, status: 'pending' | 'confirmed' | 'failed'): HistoryEntry {
  return {
    id,
    origin: 'https://dapp.example',
    kind: 'evm-transaction',
    summary: `Send 1 ETH (${id})`,
    outcome: 'signed',
    transaction: { hash, chainId: 31337, status },
    at: 1,
  };
}

/** A receipt lookup the test answers by hand: each call waits until `settle(hash, …)`. */
function scriptedReceipts() {
  const asked: `0x${string}`[] = [];
  const waiting = new Map<string, { resolve(s?: ReceiptStatus): void; reject(e: Error): void }>();
  return {
    asked,
    receipt: (_chainId: number, hash: `0x${string}`) =>
      new Promise<ReceiptStatus | undefined>((resolve, reject) => {
        asked.push(hash);
        waiting.set(hash, { resolve, reject });
      }),
    settle(hash: string, status?: ReceiptStatus | Error) {
      const call = waiting.get(hash)!;
      waiting.delete(hash);
      if (status instanceof Error) call.reject(status);
      else call.resolve(status);
    },
  };
}

const settled = () => new Promise((r) => setTimeout(r, 10));
const statuses = async (history: ReturnType<typeof createHistory>) =>
  Object.fromEntries((await history.list()).map((e) => [e.id, e.transaction?.status]));

describe('transaction tracking', () => {
  beforeEach(() => fakeBrowser.reset());

  it('records a broadcast transaction as pending, then confirmed from its receipt', async () => {
    const queue = createRequestQueue({
      executor: { approve: async () => ({ transactionHash: TX_A }) },
      openPopup: async () => {},
    });
    const history = createHistory();
    recordQueueHistory(queue, history, () => 5);
    const receipts = scriptedReceipts();
    trackTransactions(history, receipts.receipt);
    const sepolia = builtinEvmNetworks().find((n) => n.chainId === 11155111)!;
    const { transaction } = parseTransactionRequest(
      {
        from: '0x1234567890123456789012345678901234567890',
        to: '0x000000000000000000000000000000000000dEaD',
        value: '0xde0b6b3a7640000',
        gas: '0x5208',
        maxFeePerGas: '0x77359400',
        maxPriorityFeePerGas: '0x3b9aca00',
        nonce: '0x0',
      },
      sepolia.chainId,
    );
    const answer = queue.enqueue({
      origin: 'https://dapp.example',
      account: '5Alice',
      payload: { kind: 'evm-transaction', transaction, chainId: sepolia.chainId, broadcast: true },
      extras: { network: sepolia },
    });
    await queue.approve((await queue.list())[0]!.id);
    await expect(answer).resolves.toEqual({ transactionHash: TX_A });
    await settled();

    const [entry] = await history.list();
    expect(entry?.transaction).toEqual({
      hash: TX_A,
      chainId: sepolia.chainId,
      status: 'pending',
      explorerUrl: `https://sepolia.etherscan.io/tx/${TX_A}`,
    });
    expect(receipts.asked).toEqual([TX_A]);
    receipts.settle(TX_A, 'confirmed');
    await settled();
    expect((await history.list())[0]?.transaction).toMatchObject({ hash: TX_A, status: 'confirmed' });
  });

  it('follows every pending transaction once, now and added later, to confirmed or failed', async () => {
    const history = createHistory();
    await history.add(sent('old', TX_C, 'confirmed'));
    await history.add(sent('a', TX_A, 'pending'));
    const receipts = scriptedReceipts();
    trackTransactions(history, receipts.receipt);
    await settled();
    // A settled transaction is not asked about again.
    expect(receipts.asked).toEqual([TX_A]);

    await history.add(sent('b', TX_B, 'pending'));
    await settled();
    // The new entry is followed; the one already followed is not asked twice while it waits.
    expect(receipts.asked).toEqual([TX_A, TX_B]);

    receipts.settle(TX_B, 'failed');
    receipts.settle(TX_A, 'confirmed');
    await settled();
    expect(await statuses(history)).toEqual({ a: 'confirmed', b: 'failed', old: 'confirmed' });
    expect((await history.list()).find((e) => e.id === 'b')).toEqual({
      ...sent('b', TX_B, 'failed'),
    });
  });

  it('leaves a transaction pending when no receipt came or the RPC failed, and follows it again after a restart', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const history = createHistory();
    await history.add(sent('a', TX_A, 'pending'));
    await history.add(sent('b', TX_B, 'pending'));
    const first = scriptedReceipts();
    const stop = trackTransactions(history, first.receipt);
    await settled();
    first.settle(TX_A);
    first.settle(TX_B, new Error('connection refused'));
    await settled();
    expect(await statuses(history)).toEqual({ a: 'pending', b: 'pending' });
    expect(warn).toHaveBeenCalledWith('No receipt for', TX_B, 'connection refused');
    stop();

    // The worker's next start follows both again.
    const second = scriptedReceipts();
    trackTransactions(history, second.receipt);
    await settled();
    expect([...second.asked].sort()).toEqual([TX_A, TX_B]);
    second.settle(TX_A, 'confirmed');
    second.settle(TX_B, 'confirmed');
    await settled();
    expect(await statuses(history)).toEqual({ a: 'confirmed', b: 'confirmed' });
    warn.mockRestore();
  });
});
