import { createPublicClient, erc20Abi, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type RunningDevnet } from '../launch';
import { DEVNET_TOKEN as WALLET_DEVNET_TOKEN } from '../../lib/settings/evm-networks';
import { DEVNET_EVM_CHAIN_ID, DEVNET_TOKEN_ADDRESS, FAUCET_ETH, FAUCET_TOKENS, fundFromFaucet } from '.';

describe('the devnet EVM chain', () => {
  let devnet: RunningDevnet;
  beforeAll(async () => {
    devnet = await startDevnet({ groups: 1, groupSize: 1, chainPort: 0, tssBasePort: 0, evmPort: 0 });
  }, 120_000);
  afterAll(() => devnet?.stop());

  it('runs anvil with chain id 31337 and the ERC-20 compiled from source, and its faucet funds an address', async () => {
    const evm = devnet.evm!;
    const client = createPublicClient({ transport: http(evm.url) });
    expect(await client.getChainId()).toBe(DEVNET_EVM_CHAIN_ID);
    expect(evm.token.address).toBe(DEVNET_TOKEN_ADDRESS);
    // The wallet's built-in devnet network lists the same token, so its home screen shows its balance.
    expect(WALLET_DEVNET_TOKEN).toEqual({ address: DEVNET_TOKEN_ADDRESS, symbol: 'eUSD', decimals: 6 });
    const read = (functionName: 'symbol' | 'decimals') =>
      client.readContract({ address: DEVNET_TOKEN_ADDRESS, abi: erc20Abi, functionName });
    expect(await read('symbol')).toBe('eUSD');
    expect(await read('decimals')).toBe(6);

    const to = '0x00000000000000000000000000000000000000aa';
    await fundFromFaucet(evm.url, to);
    expect(await client.getBalance({ address: to })).toBe(FAUCET_ETH);
    expect(
      await client.readContract({
        address: DEVNET_TOKEN_ADDRESS,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [to],
      }),
    ).toBe(FAUCET_TOKENS);
  });

  it('stops anvil with the devnet', async () => {
    const url = devnet.evm!.url;
    await devnet.stop();
    const client = createPublicClient({ transport: http(url, { retryCount: 0, timeout: 2_000 }) });
    await expect(client.getChainId()).rejects.toThrow();
  });
});
