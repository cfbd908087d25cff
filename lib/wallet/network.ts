import type { ApiPromise } from '@polkadot/api';

export type NetworkState = 'connecting' | 'connected' | 'unreachable';

/** What the popup's network indicator says: the endpoint and whether the wallet can talk to it. */
export interface NetworkStatus {
  endpoint: string;
  state: NetworkState;
  /** Why it is unreachable, in words. */
  error?: string;
  /** Once connected: the chain's name, genesis hash, runtime version and native token. */
  chain?: string;
  genesisHash?: `0x${string}`;
  specVersion?: number;
  token?: { symbol: string; decimals: number };
}

/** The native token as the chain's properties declare it (BITS with 10 decimals on Entropy). */
export function nativeToken(api: ApiPromise): { symbol: string; decimals: number } {
  return { symbol: api.registry.chainTokens[0] ?? 'UNIT', decimals: api.registry.chainDecimals[0] ?? 12 };
}

export function connectedStatus(endpoint: string, api: ApiPromise): NetworkStatus {
  return {
    endpoint,
    state: 'connected',
    chain: api.runtimeChain.toString(),
    genesisHash: api.genesisHash.toHex(),
    specVersion: api.runtimeVersion.specVersion.toNumber(),
    token: nativeToken(api),
  };
}
