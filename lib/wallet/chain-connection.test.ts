import type { ApiPromise } from '@polkadot/api';
import { describe, expect, it } from 'vitest';
import { createChainConnection } from './chain-connection';
import type { NetworkStatus } from './network';

describe('the chain connection status', () => {
  it('reports connecting, then unreachable with the reason; a retry of the same endpoint stays unreachable', async () => {
    let endpoint = 'ws://127.0.0.1:9944';
    const connection = createChainConnection(
      async () => endpoint,
      () => Promise.reject(new Error(`Could not connect to the Entropy network at ${endpoint}`)),
    );
    const seen: NetworkStatus[] = [];
    connection.watch((status) => seen.push(status));

    await expect(connection.api()).rejects.toThrow('Could not connect');
    expect(seen.map((s) => s.state)).toEqual(['connecting', 'unreachable']);
    expect(seen[1]!.error).toBe('Could not connect to the Entropy network at ws://127.0.0.1:9944');

    await expect(connection.api()).rejects.toThrow('Could not connect');
    expect(seen.map((s) => s.state)).toEqual(['connecting', 'unreachable', 'unreachable']);

    // Another endpoint is news: connecting first.
    endpoint = 'ws://127.0.0.1:9955';
    await expect(connection.api()).rejects.toThrow('Could not connect');
    expect(seen.slice(3).map((s) => [s.state, s.endpoint])).toEqual([
      ['connecting', 'ws://127.0.0.1:9955'],
      ['unreachable', 'ws://127.0.0.1:9955'],
    ]);
    expect(connection.status()).toMatchObject({ state: 'unreachable', endpoint: 'ws://127.0.0.1:9955' });
  });

  it('a retry that connects reports connected', async () => {
    let fail = true;
    const api = {
      runtimeChain: { toString: () => 'Entropy devnet' },
      genesisHash: { toHex: () => '0x01' },
      runtimeVersion: { specVersion: { toNumber: () => 1 } },
      registry: { chainTokens: ['BITS'], chainDecimals: [10] },
      on: () => undefined,
    } as unknown as ApiPromise;
    const connection = createChainConnection(
      async () => 'ws://127.0.0.1:9944',
      () => (fail ? Promise.reject(new Error('refused')) : Promise.resolve(api)),
    );
    await expect(connection.api()).rejects.toThrow('refused');
    fail = false;
    await connection.api();
    expect(connection.status()).toMatchObject({ state: 'connected', chain: 'Entropy devnet' });
  });
});
