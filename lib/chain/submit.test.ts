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

  it('takes the inclusion from the Finalized status when the API never delivers the InBlock one', async () => {
    // @polkadot/api turns statuses into results with switchMap: when Finalized arrives while it still reads
    // the block for InBlock's events (a busy client), the InBlock result is dropped. Simulated here.
    const tx = api.tx.balances!.transferKeepAlive!(bob.address, 10n ** 10n);
    const signAndSend = tx.signAndSend.bind(tx);
    const racing = new Proxy(tx, {
      get: (target, key) =>
        key === 'signAndSend'
          ? (...[signer, options, callback]: Parameters<typeof signAndSend>) =>
              signAndSend(signer, options, (result) => {
                if (!result.status.isInBlock) (callback as (r: typeof result) => void)(result);
              })
          : Reflect.get(target, key),
    });
    const { blockHash, blockNumber, events } = await submitAndWaitInBlock(api, racing, alice, 15_000);
    expect((await api.rpc.chain.getHeader(blockHash)).number.toNumber()).toBe(blockNumber);
    expect(events.some(({ event }) => event.section === 'balances' && event.method === 'Transfer')).toBe(
      true,
    );
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
