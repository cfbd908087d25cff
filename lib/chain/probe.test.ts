import type { ApiPromise } from '@polkadot/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChain } from '../../devnet/chain';
import { defaultGenesis } from '../../devnet/genesis';
import { ChainUnavailable, NotEntropyChain } from './errors';
import { assertEntropyChain, probeEndpoint } from './probe';

describe('an endpoint tried before it is saved', () => {
  let chain: Awaited<ReturnType<typeof startChain>>;
  beforeAll(async () => {
    chain = await startChain({
      port: 0,
      blockTime: 500,
      genesis: (await defaultGenesis({ groups: 1, groupSize: 1 })).config,
    });
  });
  afterAll(() => chain?.stop());

  it('accepts an Entropy chain, reporting its name, genesis and runtime', async () => {
    const probed = await probeEndpoint(chain.url);
    expect(probed).toMatchObject({ endpoint: chain.url, genesisHash: chain.genesisHash });
    expect(probed.chain.length).toBeGreaterThan(0);
    expect(probed.specVersion).toBeGreaterThan(0);
  });

  it('refuses a chain without the Entropy pallets, naming what is missing', () => {
    const polkadot = {
      query: { system: {}, balances: {}, staking: {} },
      runtimeChain: { toString: () => 'Polkadot' },
    } as unknown as ApiPromise;
    const refusal = (() => {
      try {
        assertEntropyChain(polkadot, 'wss://rpc.polkadot.example');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(NotEntropyChain);
    expect((refusal as Error).message).toBe(
      'Polkadot at wss://rpc.polkadot.example is not an Entropy network: it has no relayer, stakingExtension, constraints pallets',
    );
  });

  it('says nothing answered at an endpoint where no node listens', async () => {
    await expect(probeEndpoint('ws://127.0.0.1:9', { timeoutMs: 1_500 })).rejects.toBeInstanceOf(
      ChainUnavailable,
    );
  });
});
