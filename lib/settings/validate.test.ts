import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { InvalidRequest } from '../messaging/errors';
import { builtinEvmNetworks, defaultEvmChainIdFor } from './evm-networks';
import { getSettings, updateSettings } from './store';
import { validateEndpoint, validateSettingsPatch } from './validate';

describe('settings validation', () => {
  it('accepts ws and wss endpoints and normalises them', () => {
    expect(validateEndpoint('ws://127.0.0.1:9944')).toBe('ws://127.0.0.1:9944');
    expect(validateEndpoint('wss://rpc.example/')).toBe('wss://rpc.example');
  });

  it('refuses anything that is not a WebSocket URL', () => {
    for (const bad of ['http://127.0.0.1:9944', 'not a url', '', 42, null, 'javascript:alert(1)']) {
      expect(() => validateEndpoint(bad)).toThrow(InvalidRequest);
    }
  });

  it('refuses unknown settings by name', () => {
    expect(() => validateSettingsPatch({ endpoint: 'ws://a:1', theme: 'x' })).toThrow(
      /Unknown setting "theme"/,
    );
    expect(validateSettingsPatch({ endpoint: 'ws://a:1' })).toEqual({ endpoint: 'ws://a:1' });
  });

  it('takes ethSignEnabled only as a boolean', () => {
    expect(validateSettingsPatch({ ethSignEnabled: true })).toEqual({ ethSignEnabled: true });
    expect(validateSettingsPatch({ ethSignEnabled: false })).toEqual({ ethSignEnabled: false });
    for (const bad of ['true', 1, null, undefined]) {
      expect(() => validateSettingsPatch({ ethSignEnabled: bad })).toThrow(/must be true or false/);
    }
  });
});

describe('EVM networks in settings', () => {
  const devnet = builtinEvmNetworks()[0]!;

  it('ships the devnet anvil (31337) first, and public chains with their ids and explorers', () => {
    expect(devnet).toMatchObject({ chainId: 31337, rpcUrl: 'http://127.0.0.1:8545' });
    expect(builtinEvmNetworks().map((n) => n.chainId)).toEqual([31337, 1, 11155111, 17000]);
    expect(builtinEvmNetworks().find((n) => n.chainId === 1)?.blockExplorerUrl).toBe('https://etherscan.io');
  });

  it('starts sites on 31337 on the local network and on mainnet elsewhere', () => {
    expect(defaultEvmChainIdFor('ws://127.0.0.1:9944')).toBe(31337);
    expect(defaultEvmChainIdFor('ws://localhost:9944')).toBe(31337);
    expect(defaultEvmChainIdFor('wss://rpc.entropy.example')).toBe(1);
  });

  it('takes an edited RPC endpoint, normalised', () => {
    const edited = { ...devnet, rpcUrl: 'http://127.0.0.1:9545/' };
    expect(validateSettingsPatch({ evmNetworks: [edited] })).toEqual({
      evmNetworks: [{ ...devnet, rpcUrl: 'http://127.0.0.1:9545' }],
    });
  });

  it.each([
    ['a ws endpoint', { ...devnet, rpcUrl: 'ws://127.0.0.1:8545' }, /rpcUrl must be an http/],
    ['a javascript: explorer', { ...devnet, blockExplorerUrl: 'javascript:alert(1)' }, /blockExplorerUrl/],
    ['credentials in the URL', { ...devnet, rpcUrl: 'https://u:p@rpc.example' }, /credentials/],
    ['a chain id of 0', { ...devnet, chainId: 0 }, /chainId must be a positive integer/],
    ['a hex chain id', { ...devnet, chainId: '0x7a69' }, /chainId must be a positive integer/],
    ['a name with a bidi override', { ...devnet, name: 'Main\u202enet' }, /name must be printable/],
    [
      '6 decimals for the native currency',
      { ...devnet, nativeCurrency: { ...devnet.nativeCurrency, decimals: 6 } },
      /decimals must be 18/,
    ],
  ])('refuses %s', (_name, network, message) => {
    expect(() => validateSettingsPatch({ evmNetworks: [network] })).toThrow(message);
  });

  it("takes a chain's tokens (checksummed) and refuses malformed ones", () => {
    const token = { address: '0x5fbdb2315678afecb367f032d93f642f64180aa3', symbol: 'eUSD', decimals: 6 };
    expect(validateSettingsPatch({ evmNetworks: [{ ...devnet, tokens: [token] }] })).toEqual({
      evmNetworks: [
        { ...devnet, tokens: [{ ...token, address: '0x5FbDB2315678afecb367f032d93F642f64180aa3' }] },
      ],
    });
    const bad = (tokens: unknown) => () => validateSettingsPatch({ evmNetworks: [{ ...devnet, tokens }] });
    expect(bad([{ ...token, address: '0x1234' }])).toThrow(/tokens\[0\]\.address/);
    expect(bad([{ ...token, decimals: 37 }])).toThrow(/decimals must be a whole number/);
    expect(bad([{ ...token, symbol: 'e\u202eUSD' }])).toThrow(/symbol must be printable/);
    expect(bad([token, { ...token, symbol: 'X' }])).toThrow(/lists a token twice/);
    expect(bad(Array.from({ length: 17 }, () => token))).toThrow(/at most 16 tokens/);
    expect(bad('eUSD')).toThrow(/at most 16 tokens/);
  });

  it('refuses duplicate chain ids, an empty list and more than the limit', () => {
    expect(() => validateSettingsPatch({ evmNetworks: [devnet, devnet] })).toThrow(/same chain id/);
    expect(() => validateSettingsPatch({ evmNetworks: [] })).toThrow(/1 to 32 networks/);
    const many = Array.from({ length: 33 }, (_, i) => ({ ...devnet, chainId: i + 1 }));
    expect(() => validateSettingsPatch({ evmNetworks: many })).toThrow(/1 to 32 networks/);
  });
});

describe('the settings store', () => {
  beforeEach(() => fakeBrowser.reset());

  it('defaults to the built-in networks and keeps an edited RPC', async () => {
    const settings = await getSettings();
    expect(settings.defaultEvmChainId).toBe(31337);
    const networks = settings.evmNetworks.map((n) =>
      n.chainId === 1 ? { ...n, rpcUrl: 'https://my-node.example' } : n,
    );
    await updateSettings({ evmNetworks: networks });
    expect((await getSettings()).evmNetworks.find((n) => n.chainId === 1)?.rpcUrl).toBe(
      'https://my-node.example',
    );
  });

  it('refuses a default chain that is not configured, and keeps what was stored', async () => {
    await expect(updateSettings({ defaultEvmChainId: 5 })).rejects.toThrow(/not among the EVM networks/);
    expect((await getSettings()).defaultEvmChainId).toBe(31337);
    await updateSettings({ defaultEvmChainId: 1 });
    expect((await getSettings()).defaultEvmChainId).toBe(1);
  });
});
