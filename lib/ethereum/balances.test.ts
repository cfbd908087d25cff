import {
  createPublicClient,
  custom,
  decodeFunctionData,
  encodeFunctionResult,
  erc20Abi,
  http,
  numberToHex,
  type Address,
  type Hex,
  type PublicClient,
} from 'viem';
import { describe, expect, it, vi } from 'vitest';
import type { EvmNetwork } from '../settings/types';
import { followEvmBalances, readEvmBalances, type EvmBalances } from './balances';

const ALICE: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const BOB: Address = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const TOKEN: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const MISSING: Address = '0x000000000000000000000000000000000000bEEF';

const NETWORK: EvmNetwork = {
  chainId: 31337,
  name: 'Local devnet (anvil)',
  rpcUrl: 'http://127.0.0.1:8545',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  tokens: [
    { address: TOKEN, symbol: 'eUSD', decimals: 6 },
    { address: MISSING, symbol: 'GONE', decimals: 18 },
  ],
};

/** Nothing listens on the discard port: the connection is refused, as for a stopped node. */
const dead = createPublicClient({ transport: http('http://127.0.0.1:9', { retryCount: 0, timeout: 5_000 }) });

/** A scripted node: balances and head that a test changes. */
function node() {
  const state = {
    block: 1n,
    eth: new Map<string, bigint>([[ALICE.toLowerCase(), 10n ** 18n]]),
    tokens: new Map<string, bigint>([[ALICE.toLowerCase(), 2_500_000n]]),
    calls: [] as string[],
  };
  const client = createPublicClient({
    transport: custom(
      {
        async request({ method, params }: { method: string; params?: unknown[] }): Promise<unknown> {
          state.calls.push(method);
          switch (method) {
            case 'eth_blockNumber':
              return numberToHex(state.block);
            case 'eth_getBalance':
              return numberToHex(state.eth.get((params![0] as string).toLowerCase()) ?? 0n);
            case 'eth_call': {
              const { to, data } = params![0] as { to: string; data: Hex };
              if (to.toLowerCase() !== TOKEN.toLowerCase()) return '0x';
              const { args } = decodeFunctionData({ abi: erc20Abi, data });
              const holder = (args![0] as string).toLowerCase();
              return encodeFunctionResult({
                abi: erc20Abi,
                functionName: 'balanceOf',
                result: state.tokens.get(holder) ?? 0n,
              });
            }
            default:
              throw Object.assign(new Error(`no ${method}`), { code: -32601 });
          }
        },
      },
      { retryCount: 0 },
    ),
  });
  return { state, client };
}

describe('EVM balances', () => {
  it('reads ETH and each configured token per address; a token that cannot be read has no balance', async () => {
    const { client } = node();
    expect(await readEvmBalances(client, NETWORK, [ALICE, BOB])).toEqual({
      [ALICE]: {
        native: (10n ** 18n).toString(),
        tokens: [{ token: NETWORK.tokens![0], balance: '2500000' }, { token: NETWORK.tokens![1] }],
      },
      [BOB]: {
        native: '0',
        tokens: [{ token: NETWORK.tokens![0], balance: '0' }, { token: NETWORK.tokens![1] }],
      },
    });
  });

  it('a chain that does not answer is ChainUnavailable naming the network', async () => {
    await expect(readEvmBalances(dead, NETWORK, [ALICE])).rejects.toMatchObject({
      code: 'CHAIN_UNAVAILABLE',
      message: expect.stringContaining('Local devnet (anvil) (chain 31337) did not answer'),
    });
  });

  it('follows the head: reads again when a block arrives, says when the RPC goes away and comes back', async () => {
    const { client, state } = node();
    let current: PublicClient = client;
    const views: EvmBalances[] = [];
    const follow = followEvmBalances({
      network: async () => NETWORK,
      client: async () => current,
      addresses: async () => [ALICE],
      onChange: (view) => views.push(view),
      pollMs: 50,
    });
    await vi.waitFor(() => expect(views.at(-1)?.state).toBe('connected'));
    expect(views[0]).toMatchObject({ state: 'connecting', chainId: 31337, name: 'Local devnet (anvil)' });
    expect(views.at(-1)!.holdings[ALICE]!.native).toBe((10n ** 18n).toString());

    // The head did not move: polled, not read again.
    const reads = () => state.calls.filter((m) => m === 'eth_getBalance').length;
    const polls = () => state.calls.filter((m) => m === 'eth_blockNumber').length;
    const before = { reads: reads(), polls: polls() };
    await vi.waitFor(() => expect(polls()).toBeGreaterThan(before.polls + 2));
    expect(reads()).toBe(before.reads);

    // A transaction lands in a new block: the new balance shows at the next poll.
    state.eth.set(ALICE.toLowerCase(), 5n);
    state.block = 2n;
    await vi.waitFor(() => expect(views.at(-1)).toMatchObject({ state: 'connected', blockNumber: '2' }));
    expect(views.at(-1)!.holdings[ALICE]!.native).toBe('5');

    current = dead;
    await vi.waitFor(() => expect(views.at(-1)).toMatchObject({ state: 'unreachable', holdings: {} }));
    expect(views.at(-1)!.error).toContain('Local devnet (anvil) (chain 31337) did not answer');

    current = client;
    await vi.waitFor(() => expect(views.at(-1)).toMatchObject({ state: 'connected' }));
    expect(views.at(-1)!.holdings[ALICE]!.native).toBe('5');
    follow.stop();
    const count = polls();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(polls()).toBe(count);
  });

  it('refresh reads at once (accounts or settings changed), even on the same block', async () => {
    const { client, state } = node();
    const views: EvmBalances[] = [];
    let addresses = [ALICE];
    const follow = followEvmBalances({
      network: async () => NETWORK,
      client: async () => client,
      addresses: async () => addresses,
      onChange: (view) => views.push(view),
      pollMs: 60_000,
    });
    await vi.waitFor(() => expect(views.at(-1)?.state).toBe('connected'));
    addresses = [ALICE, BOB];
    state.eth.set(BOB.toLowerCase(), 7n);
    follow.refresh();
    await vi.waitFor(() => expect(views.at(-1)!.holdings[BOB]?.native).toBe('7'));
    follow.stop();
  });
});
