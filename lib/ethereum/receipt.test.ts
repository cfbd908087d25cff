import { describe, expect, it } from 'vitest';
import { fakeEvmNode } from './fake-node';
import { receiptStatus } from './receipt';

const MINED = `0x${'a1'.repeat(32)}` as const;
const REVERTED = `0x${'b2'.repeat(32)}` as const;
const UNKNOWN = `0x${'c3'.repeat(32)}` as const;

describe('receiptStatus', () => {
  const { client, calls } = fakeEvmNode({ receipts: { [MINED]: 'success', [REVERTED]: 'reverted' } });

  it('is confirmed when the receipt says success, failed when it says reverted', async () => {
    await expect(receiptStatus(client, MINED)).resolves.toBe('confirmed');
    await expect(receiptStatus(client, REVERTED)).resolves.toBe('failed');
    expect(calls).toContain('eth_getTransactionReceipt');
  });

  it('leaves a transaction with no receipt within the bound pending (undefined), without throwing', async () => {
    await expect(receiptStatus(client, UNKNOWN, 200)).resolves.toBeUndefined();
  });

  it('passes on a failure of the RPC itself', async () => {
    const broken = fakeEvmNode();
    const failing = {
      ...broken.client,
      waitForTransactionReceipt: () => Promise.reject(new Error('connection refused')),
    } as typeof broken.client;
    await expect(receiptStatus(failing, MINED)).rejects.toThrow('connection refused');
  });
});
