import type { ApiPromise } from '@polkadot/api';
import { afterAll, beforeAll } from 'vitest';
import { startChain } from '../../devnet/chain';
import { defaultGenesis } from '../../devnet/genesis';
import { connectChain } from './connect';

/**
 * A dev chain (one signing group of one validator, a block every 200 ms) and an API connected to it, for
 * the describe block that calls this; the fields are set once its `beforeAll` ran.
 */
export function devChain(): { chain: Awaited<ReturnType<typeof startChain>>; api: ApiPromise } {
  const net = {} as ReturnType<typeof devChain>;
  beforeAll(async () => {
    net.chain = await startChain({
      port: 0,
      blockTime: 200,
      genesis: (await defaultGenesis({ groups: 1, groupSize: 1 })).config,
    });
    net.api = await connectChain({ endpoint: net.chain.url });
  });
  afterAll(async () => {
    await net.api?.disconnect();
    await net.chain?.stop();
  });
  return net;
}
