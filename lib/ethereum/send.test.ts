import { parseEther, parseGwei } from 'viem';
import { describe, expect, it } from 'vitest';
import { InsufficientFunds, InvalidParams } from './errors';
import { fakeEvmNode } from './fake-node';
import { checkFeeLimits, feeLimitContext, fillTransaction, maxTransactionFee } from './send';

const FROM = '0x1111111111111111111111111111111111111111';
const TO = '0x2222222222222222222222222222222222222222';

describe('filling eth_sendTransaction from the chain', () => {
  it('fills the pending nonce, the estimated gas and EIP-1559 fees when the dApp gives only to and value', async () => {
    const { client, calls } = fakeEvmNode({
      nonce: 7,
      gas: 21_000n,
      baseFee: parseGwei('1'),
      priorityFee: parseGwei('1.5'),
    });
    const { from, transaction } = await fillTransaction(
      client,
      { from: FROM, to: TO, value: '0x2386f26fc10000' },
      31337,
    );
    expect(from).toBe(FROM);
    expect(transaction).toMatchObject({
      type: 'eip1559',
      chainId: 31337,
      nonce: 7,
      gas: '0x5208',
      to: TO,
      value: '0x2386f26fc10000',
      data: '0x',
      maxPriorityFeePerGas: `0x${parseGwei('1.5').toString(16)}`,
    });
    // viem's estimate: base fee × 1.2 + priority fee.
    expect(BigInt(transaction.maxFeePerGas!)).toBe(parseGwei('1.2') + parseGwei('1.5'));
    expect(calls).toEqual(
      expect.arrayContaining(['eth_getTransactionCount', 'eth_estimateGas', 'eth_maxPriorityFeePerGas']),
    );
  });

  it('keeps what the dApp gave and asks the chain only for the rest', async () => {
    const { client, calls } = fakeEvmNode();
    const { transaction } = await fillTransaction(
      client,
      {
        from: FROM,
        to: TO,
        nonce: '0x3',
        gas: '0x7530',
        maxFeePerGas: '0x100',
        maxPriorityFeePerGas: '0x10',
      },
      31337,
    );
    expect(transaction).toMatchObject({
      nonce: 3,
      gas: '0x7530',
      maxFeePerGas: '0x100',
      maxPriorityFeePerGas: '0x10',
    });
    expect(calls).toEqual([]);
  });

  it('raises the fee cap to a dApp priority fee above the estimate, so the transaction stays valid', async () => {
    const { client } = fakeEvmNode({ baseFee: parseGwei('1'), priorityFee: parseGwei('1') });
    const { transaction } = await fillTransaction(
      client,
      { from: FROM, to: TO, maxPriorityFeePerGas: `0x${parseGwei('50').toString(16)}` },
      31337,
    );
    expect(BigInt(transaction.maxFeePerGas!)).toBeGreaterThanOrEqual(parseGwei('50'));
  });

  it('uses a legacy gas price on a chain without a base fee, or when the dApp gives one', async () => {
    const noBaseFee = fakeEvmNode({ baseFee: null, gasPrice: parseGwei('3') });
    const legacy = await fillTransaction(noBaseFee.client, { from: FROM, to: TO }, 31337);
    expect(legacy.transaction).toMatchObject({
      type: 'legacy', // viem's legacy estimate: the node's gas price × 1.2
      gasPrice: `0x${parseGwei('3.6').toString(16)}`,
    });
    const given = await fillTransaction(fakeEvmNode().client, { from: FROM, to: TO, gasPrice: '0x5' }, 31337);
    expect(given.transaction).toMatchObject({ type: 'legacy', gasPrice: '0x5' });
  });

  it('refuses what a signed request would refuse: another chain, unknown fields, bad quantities', async () => {
    const { client } = fakeEvmNode();
    await expect(fillTransaction(client, { from: FROM, to: TO, chainId: '0x1' }, 31337)).rejects.toThrow(
      /chain 1 but the wallet is on 31337/,
    );
    await expect(fillTransaction(client, { from: FROM, to: TO, colour: 'red' }, 31337)).rejects.toThrow(
      InvalidParams,
    );
    await expect(fillTransaction(client, { from: FROM, to: TO, value: 12 }, 31337)).rejects.toThrow(
      /hex quantity/,
    );
    await expect(fillTransaction(client, { to: TO }, 31337)).rejects.toThrow(/needs "from"/);
  });
});

describe('fee limits', () => {
  const base = {
    type: 'eip1559' as const,
    chainId: 31337,
    nonce: 0,
    gas: '0x5208' as const,
    to: TO as `0x${string}`,
    value: `0x${parseEther('1').toString(16)}` as `0x${string}`,
    data: '0x' as const,
    maxFeePerGas: `0x${parseGwei('10').toString(16)}` as `0x${string}`,
    maxPriorityFeePerGas: '0x1' as const,
  };

  it('the maximum fee is gas limit × max fee per gas (or gas price)', () => {
    expect(maxTransactionFee(base)).toBe(21_000n * parseGwei('10'));
    expect(maxTransactionFee({ ...base, type: 'legacy', maxFeePerGas: undefined, gasPrice: '0x2' })).toBe(
      42_000n,
    );
  });

  it('accepts a transaction the account can pay, to the wei', () => {
    const balance = parseEther('1') + 21_000n * parseGwei('10');
    expect(() => checkFeeLimits(base, { blockGasLimit: 30_000_000n, balance })).not.toThrow();
  });

  it('refuses value plus maximum fee beyond the balance, before anything is signed', () => {
    const balance = parseEther('1') + 21_000n * parseGwei('10') - 1n;
    expect(() => checkFeeLimits(base, { blockGasLimit: 30_000_000n, balance })).toThrow(InsufficientFunds);
  });

  it('refuses a gas limit below 21000 or above the block gas limit', () => {
    const rich = { blockGasLimit: 30_000_000n, balance: 10n ** 30n };
    expect(() => checkFeeLimits({ ...base, gas: '0x5207' }, rich)).toThrow(/below the 21000/);
    expect(() => checkFeeLimits({ ...base, gas: '0x1c9c381' }, rich)).toThrow(/exceeds the block gas limit/);
  });

  it('reads the block gas limit and the balance from the chain', async () => {
    const { client } = fakeEvmNode({ balance: 5n, blockGasLimit: 1_000_000n });
    expect(await feeLimitContext(client, FROM)).toEqual({ blockGasLimit: 1_000_000n, balance: 5n });
  });
});
