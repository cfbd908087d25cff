import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChain } from '../../devnet/chain';
import { defaultGenesis } from '../../devnet/genesis';
import { connectChain } from './connect';
import { TransactionInvalid } from './errors';
import { submitAndWaitInBlock } from './submit';

describe('submitAndWaitInBlock against a dev chain', () => {
  let chain: Awaited<ReturnType<typeof startChain>>;
  let api: ApiPromise;
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');

  beforeAll(async () => {
    chain = await startChain({
      port: 0,
      blockTime: 200,
      genesis: (await defaultGenesis({ groups: 1, groupSize: 1 })).config,
    });
    api = await connectChain({ endpoint: chain.url });
  });
  afterAll(async () => {
    await api?.disconnect();
    await chain?.stop();
  });

  it('gives concurrent submissions by one signer distinct nonces, so all are included', async () => {
    const transfers = [1n, 2n, 3n].map((amount) =>
      submitAndWaitInBlock(api, api.tx.balances!.transferKeepAlive!(bob.address, amount * 10n ** 10n), alice),
    );
    const included = await Promise.all(transfers);
    expect(included).toHaveLength(3);
    expect(included.every((i) => i.blockNumber > 0 && i.events.length > 0)).toBe(true);
    // The number is the one of the block the hash names (taken from the API's read of it, not asked again).
    for (const { blockHash, blockNumber } of included) {
      expect((await api.rpc.chain.getHeader(blockHash)).number.toNumber()).toBe(blockNumber);
    }
  });

  it('turns a refusal before inclusion into TransactionInvalid with the node’s reason', async () => {
    const poor = keyring.addFromUri('//NobodyHasFunds');
    const error = await submitAndWaitInBlock(
      api,
      api.tx.balances!.transferKeepAlive!(bob.address, 1n),
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
