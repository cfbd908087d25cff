import { parseEther, parseTransaction, recoverTransactionAddress, type Hex } from 'viem';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ethereumEnv } from '../background/handlers/page-ethereum';
import { WalletError } from '../errors';
import { testBackground } from '../requests/test-support';
import { builtinEvmNetworks } from '../settings/evm-networks';
import { toProviderRpcError } from './errors';
import { fakeEvmNode } from './fake-node';
import { handleEthereumRequest } from './methods';
import type { EvmRpc } from './rpc';

const ORIGIN = 'https://dapp.example';
const TO = '0x2222222222222222222222222222222222222222';

/** The provider error a request fails with. */
async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WalletError) return toProviderRpcError(error);
    throw error;
  }
  throw new Error('the request succeeded');
}

async function setup(options: Parameters<typeof testBackground>[0] = {}) {
  const node = fakeEvmNode({ nonce: 4 });
  const evm: EvmRpc = {
    network: async (chainId) => builtinEvmNetworks().find((n) => n.chainId === chainId)!,
    client: async () => node.client,
  };
  const broadcasts: Hex[] = [];
  const background = await testBackground({
    answer: 'approve',
    evm,
    broadcast: async (_chainId, signed) => {
      broadcasts.push(signed);
      return `0x${'ab'.repeat(32)}`;
    },
    ...options,
  });
  const call = (method: string, params?: unknown) =>
    handleEthereumRequest({ method, params }, ethereumEnv(background.services, ORIGIN));
  await background.services.permissions.allow(ORIGIN);
  return { ...background, call, node, broadcasts };
}

beforeEach(() => fakeBrowser.reset());

describe('eth_sendTransaction', () => {
  it('fills, shows the maximum fee, signs through the threshold signer, broadcasts and answers the hash', async () => {
    const { call, fake, broadcasts, services } = await setup();
    let shown: unknown;
    services.queue.subscribe((event) => {
      if (event.type === 'requests' && event.requests[0]?.kind === 'sign') shown = event.requests[0].display;
    });
    const hash = await call('eth_sendTransaction', [
      { from: fake.ethAddress, to: TO, value: '0xde0b6b3a7640000' },
    ]);
    expect(hash).toBe(`0x${'ab'.repeat(32)}`);
    expect(fake.calls).toHaveLength(1);
    expect(broadcasts).toHaveLength(1);
    const sent = parseTransaction(broadcasts[0] as `0x02${string}`);
    expect(sent).toMatchObject({ to: TO, value: parseEther('1'), nonce: 4, gas: 21_000n, chainId: 1 });
    expect(await recoverTransactionAddress({ serializedTransaction: broadcasts[0] as `0x02${string}` })).toBe(
      fake.ethAddress,
    );
    expect(shown).toMatchObject({
      kind: 'evm-transaction',
      broadcast: true,
      chainName: 'Ethereum',
      call: { kind: 'transfer' },
    });
    expect((shown as { maxFee: string }).maxFee).toMatch(/ ETH$/);
  });

  it('a recipient the constraints deny is refused before any signing: -32003 naming the constraint, not 4001', async () => {
    for (const answer of ['approve', 'reject'] as const) {
      fakeBrowser.reset();
      const { call, fake, broadcasts } = await setup({
        answer,
        constraints: { evmAcl: { addresses: [TO], kind: 'Deny', allowNullRecipient: false } },
      });
      const error = await failure(
        call('eth_sendTransaction', [{ from: fake.ethAddress, to: TO, value: '0x1' }]),
      );
      expect(error.code).toBe(-32003);
      expect(error.data).toMatchObject({
        code: 'CONSTRAINT_VIOLATION',
        details: { constraint: 'evmAcl', reason: `recipient ${TO} is on the deny list` },
      });
      expect(fake.calls).toEqual([]);
      expect(broadcasts).toEqual([]);
    }
  });

  it('refuses a transaction the account cannot pay for, before asking the user', async () => {
    const { call, fake, opened } = await setup();
    const error = await failure(
      call('eth_sendTransaction', [
        { from: fake.ethAddress, to: TO, value: `0x${(10n ** 21n).toString(16)}` },
      ]),
    );
    expect(error).toMatchObject({ code: -32000, data: { code: 'INSUFFICIENT_FUNDS' } });
    expect(opened).toEqual([]);
  });
});

describe('reads, raw transactions and permissions', () => {
  it('passes allowlisted reads to the chain for an authorised site, with the node’s own answer', async () => {
    const { call, node } = await setup();
    expect(await call('eth_getBalance', [TO, 'latest'])).toBe(`0x${(10n ** 20n).toString(16)}`);
    expect(node.calls).toContain('eth_getBalance');
    expect(await failure(call('eth_getBalance', 'not an array'))).toMatchObject({ code: -32602 });
    expect(await failure(call('eth_call', [{ data: `0x${'00'.repeat(40_000)}` }]))).toMatchObject({
      code: -32602,
    });
  });

  it('gives the page the node’s error code for a failed read (a revert stays a revert)', async () => {
    const { call } = await setup();
    expect(await failure(call('eth_call', [{ to: TO, data: '0x06fdde03' }, 'latest']))).toMatchObject({
      code: 3,
    });
  });

  it('refuses reads from a site that is not connected', async () => {
    const background = await testBackground({});
    const error = await failure(
      handleEthereumRequest(
        { method: 'eth_blockNumber' },
        ethereumEnv(background.services, 'https://other.example'),
      ),
    );
    expect(error.code).toBe(4100);
  });

  it('EIP-2255: lists eth_accounts with the granted addresses; revoking disconnects the site', async () => {
    const { call, fake } = await setup();
    expect(await call('wallet_getPermissions')).toEqual([
      expect.objectContaining({
        invoker: ORIGIN,
        parentCapability: 'eth_accounts',
        caveats: [{ type: 'restrictReturnedAccounts', value: [fake.ethAddress] }],
      }),
    ]);
    expect(await failure(call('wallet_requestPermissions', [{ eth_sign: {} }]))).toMatchObject({
      code: -32602,
    });
    expect(await call('wallet_revokePermissions', [{ eth_accounts: {} }])).toBeNull();
    expect(await call('wallet_getPermissions')).toEqual([]);
    expect(await failure(call('eth_accounts'))).toMatchObject({ code: 4100 });
  });
});

describe('chains', () => {
  it('switching asks the user; approved, the site is on the new chain', async () => {
    const { call, opened } = await setup();
    expect(await call('wallet_switchEthereumChain', [{ chainId: '0xaa36a7' }])).toBeNull();
    expect(opened).toHaveLength(1);
    expect(await call('eth_chainId')).toBe('0xaa36a7');
    // Already there: nothing to ask.
    await call('wallet_switchEthereumChain', [{ chainId: '0xaa36a7' }]);
    expect(opened).toHaveLength(1);
  });

  it('wallet_addEthereumChain validates the network before asking, and a known chain id is a switch', async () => {
    const { call } = await setup();
    const add = (chain: Record<string, unknown>) => call('wallet_addEthereumChain', [chain]);
    const good = {
      chainId: '0x2105',
      chainName: 'Base',
      rpcUrls: ['https://mainnet.base.org'],
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      blockExplorerUrls: ['https://basescan.org'],
    };
    expect(await failure(add({ ...good, rpcUrls: ['javascript:alert(1)'] }))).toMatchObject({ code: -32602 });
    expect(
      await failure(add({ ...good, nativeCurrency: { name: 'X', symbol: 'X', decimals: 6 } })),
    ).toMatchObject({ code: -32602 });
    expect(await add({ ...good, chainId: '0xaa36a7' })).toBeNull();
    expect(await call('eth_chainId')).toBe('0xaa36a7');
  });
});
