import { Keyring } from '@polkadot/keyring';
import { describe, expect, it, vi } from 'vitest';
import type { ExtrinsicStatus } from '@polkadot/types/interfaces';
import { ExtrinsicFailed, TransactionInvalid } from './errors';
import { submitAndWaitInBlock } from './submit';
import { devChain } from './test-support';

describe('submitAndWaitInBlock against a dev chain', () => {
  const net = devChain();
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');

  it('gives concurrent submissions by one signer distinct nonces, so all are included, each with its own events', async () => {
    const amounts = [1n, 2n, 3n].map((n) => n * 10n ** 10n);
    const transfers = amounts.map((amount) =>
      submitAndWaitInBlock(net.api, net.api.tx.balances!.transferKeepAlive!(bob.address, amount), alice),
    );
    const included = await Promise.all(transfers);
    expect(included).toHaveLength(3);
    // Two of them share a block: each gets the events of its own extrinsic only.
    included.forEach(({ events }, i) => {
      const transfers = events.filter(
        ({ event }) => event.section === 'balances' && event.method === 'Transfer',
      );
      expect(
        transfers.map(({ event }) => (event.data[2] as unknown as { toBigInt(): bigint }).toBigInt()),
      ).toEqual([amounts[i]]);
    });
    // The number is the one of the block the hash names.
    for (const { blockHash, blockNumber } of included) {
      expect((await net.api.rpc.chain.getHeader(blockHash)).number.toNumber()).toBe(blockNumber);
    }
  });

  it('reads and decodes a block once for all the submissions included in it, each still with its own events', async () => {
    const signers = ['//Alice', '//Bob', '//Charlie', '//Dave'].map((uri) => keyring.addFromUri(uri));
    const reads = new Map<string, number>();
    const decodes = vi.spyOn(net.api, 'createType');
    const getBlock = net.api.rpc.chain.getBlock;
    const counting = Object.assign((...args: Parameters<typeof getBlock>) => getBlock(...args), getBlock, {
      raw: (hash: string) => {
        reads.set(hash, (reads.get(hash) ?? 0) + 1);
        return getBlock.raw(hash);
      },
    });
    Object.defineProperty(net.api.rpc.chain, 'getBlock', { value: counting, configurable: true });
    try {
      const amounts = signers.map((_, i) => BigInt(i + 1) * 10n ** 10n);
      const included = await Promise.all(
        signers.map((signer, i) =>
          submitAndWaitInBlock(
            net.api,
            net.api.tx.balances!.transferKeepAlive!(signers[(i + 1) % signers.length]!.address, amounts[i]!),
            signer,
          ),
        ),
      );
      const blocks = new Set(included.map(({ blockHash }) => blockHash));
      // Four submissions side by side land in fewer blocks than four (at 200 ms blocks, usually one).
      expect(blocks.size).toBeLessThan(signers.length);
      expect([...reads.keys()].sort()).toEqual([...blocks].sort());
      expect([...reads.values()].every((n) => n === 1)).toBe(true);
      const eventDecodes = decodes.mock.calls.filter(([type]) => type === 'Vec<EventRecord>');
      expect(eventDecodes).toHaveLength(blocks.size);
      included.forEach(({ events }, i) => {
        const transfer = events.find(
          ({ event }) => event.section === 'balances' && event.method === 'Transfer',
        );
        expect((transfer?.event.data[2] as unknown as { toBigInt(): bigint }).toBigInt()).toBe(amounts[i]);
      });
    } finally {
      Object.defineProperty(net.api.rpc.chain, 'getBlock', { value: getBlock, configurable: true });
      decodes.mockRestore();
    }
  });

  it('takes the inclusion from the Finalized status when no InBlock status reaches it', async () => {
    const author = net.api.rpc.author;
    const submitAndWatch = author.submitAndWatchExtrinsic;
    const withoutInBlock = ((
      extrinsic: Parameters<typeof submitAndWatch>[0],
      callback: (s: ExtrinsicStatus) => void,
    ) =>
      submitAndWatch(extrinsic, (status: ExtrinsicStatus) => {
        if (!status.isInBlock) callback(status);
      })) as unknown as typeof submitAndWatch;
    Object.defineProperty(author, 'submitAndWatchExtrinsic', { value: withoutInBlock, configurable: true });
    try {
      const tx = net.api.tx.balances!.transferKeepAlive!(bob.address, 10n ** 10n);
      const { blockHash, blockNumber, events } = await submitAndWaitInBlock(net.api, tx, alice, 15_000);
      expect((await net.api.rpc.chain.getHeader(blockHash)).number.toNumber()).toBe(blockNumber);
      expect(events.some(({ event }) => event.section === 'balances' && event.method === 'Transfer')).toBe(
        true,
      );
    } finally {
      Object.defineProperty(author, 'submitAndWatchExtrinsic', { value: submitAndWatch, configurable: true });
    }
  });

  it('turns a failed dispatch in the block into ExtrinsicFailed, in words', async () => {
    const charlie = keyring.addFromUri('//Charlie');
    const free = (await net.api.query.system!.account!(charlie.address)) as unknown as {
      data: { free: { toBigInt(): bigint } };
    };
    const error = await submitAndWaitInBlock(
      net.api,
      net.api.tx.balances!.transferKeepAlive!(bob.address, free.data.free.toBigInt() * 2n),
      charlie,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtrinsicFailed);
    expect((error as ExtrinsicFailed).details).toMatchObject({
      call: 'balances.transferKeepAlive',
      error: 'balances.InsufficientBalance',
    });
    expect((error as ExtrinsicFailed).details?.blockNumber).toBeGreaterThan(0);
    expect((error as ExtrinsicFailed).message).toBe('The account does not have enough BITS for this amount.');
  });

  it('turns a refusal before inclusion into TransactionInvalid with the node’s reason', async () => {
    const poor = keyring.addFromUri('//NobodyHasFunds');
    const error = await submitAndWaitInBlock(
      net.api,
      net.api.tx.balances!.transferKeepAlive!(bob.address, 1n),
      poor,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionInvalid);
    expect((error as TransactionInvalid).details?.call).toBe('balances.transferKeepAlive');
    // In words for the person; the node's own text stays in the details.
    expect((error as TransactionInvalid).message).toBe(
      'This account has no BITS to pay the fee — fund it from the faucet first.',
    );
    expect((error as TransactionInvalid).details?.reason).toMatch(/Inability to pay some fees/);
  });
});
