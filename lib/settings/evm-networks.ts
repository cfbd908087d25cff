import { InvalidRequest } from '../messaging/errors';
import { getAddress, isAddress } from 'viem';
import type { EvmNetwork, EvmToken } from './types';

export const DEVNET_EVM_CHAIN_ID = 31337;
/** The devnet's anvil (`npm run devnet`); a build can point elsewhere with WXT_EVM_RPC. */
export const DEVNET_EVM_RPC = 'http://127.0.0.1:8545';
export const MAX_EVM_NETWORKS = 32;
export const MAX_TOKENS_PER_NETWORK = 16;
/**
 * The devnet's ERC-20 (eUSD): the first contract anvil's first development account deploys, so its address
 * is the same on every fresh devnet (devnet/evm/accounts.ts computes it; a test checks they agree).
 */
export const DEVNET_TOKEN: EvmToken = {
  address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  symbol: 'eUSD',
  decimals: 6,
};

const ETH = { name: 'Ether', symbol: 'ETH', decimals: 18 };

function devnetRpc(): string {
  const configured = import.meta.env?.WXT_EVM_RPC;
  return configured && configured.length > 0 ? configured : DEVNET_EVM_RPC;
}

/** The chains the wallet knows out of the box; their RPC endpoints are the user's to change. */
export function builtinEvmNetworks(): EvmNetwork[] {
  return [
    {
      chainId: DEVNET_EVM_CHAIN_ID,
      name: 'Local devnet (anvil)',
      rpcUrl: devnetRpc(),
      nativeCurrency: ETH,
      tokens: [DEVNET_TOKEN],
    },
    {
      chainId: 1,
      name: 'Ethereum',
      rpcUrl: 'https://ethereum-rpc.publicnode.com',
      nativeCurrency: ETH,
      blockExplorerUrl: 'https://etherscan.io',
    },
    {
      chainId: 11155111,
      name: 'Sepolia',
      rpcUrl: 'https://ethereum-sepolia-rpc.publicnode.com',
      nativeCurrency: { ...ETH, name: 'Sepolia Ether' },
      blockExplorerUrl: 'https://sepolia.etherscan.io',
    },
    {
      chainId: 17000,
      name: 'Holesky',
      rpcUrl: 'https://ethereum-holesky-rpc.publicnode.com',
      nativeCurrency: { ...ETH, name: 'Holesky Ether' },
      blockExplorerUrl: 'https://holesky.etherscan.io',
    },
  ];
}

/** On the local Entropy network (a loopback endpoint) sites start on the devnet's anvil, elsewhere on mainnet. */
export function defaultEvmChainIdFor(endpoint: string): number {
  try {
    const host = new URL(endpoint).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' ? DEVNET_EVM_CHAIN_ID : 1;
  } catch {
    return 1;
  }
}

function fail(message: string, field: string): never {
  throw new InvalidRequest(message, { details: { field } });
}

// Control characters and bidi overrides: names end up on screen, where these could hide or reorder text.
// eslint-disable-next-line no-control-regex
const MISLEADING = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

/** Printable text of bounded length. */
function text(value: unknown, field: string, max: number): string {
  if (
    typeof value !== 'string' ||
    value.trim().length === 0 ||
    value.length > max ||
    MISLEADING.test(value)
  ) {
    fail(`${field} must be printable text of at most ${max} characters`, field);
  }
  return value.trim();
}

/** An http(s) URL without credentials, normalised without a trailing slash. */
export function validateHttpUrl(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length > 2048) fail(`${field} must be an http(s) URL`, field);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(`${field}: "${value.slice(0, 80)}" is not a valid URL`, field);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`${field} must be an http(s) URL`, field);
  if (url.username || url.password) fail(`${field} must not carry credentials`, field);
  return url.toString().replace(/\/$/, '');
}

export function validateChainId(value: unknown, field = 'chainId'): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    fail(`${field} must be a positive integer`, field);
  }
  return value;
}

function validateTokens(value: unknown, field: string): EvmToken[] {
  if (!Array.isArray(value) || value.length > MAX_TOKENS_PER_NETWORK) {
    fail(`${field} must be a list of at most ${MAX_TOKENS_PER_NETWORK} tokens`, field);
  }
  const tokens = value.map((raw: unknown, i): EvmToken => {
    const at = `${field}[${i}]`;
    if (typeof raw !== 'object' || raw === null) fail(`${at} must be an object`, at);
    const token = raw as Record<string, unknown>;
    if (typeof token.address !== 'string' || !isAddress(token.address, { strict: false })) {
      fail(`${at}.address must be a 20-byte hex address`, at);
    }
    const decimals = token.decimals;
    if (typeof decimals !== 'number' || !Number.isInteger(decimals) || decimals < 0 || decimals > 36) {
      fail(`${at}.decimals must be a whole number from 0 to 36`, at);
    }
    return { address: getAddress(token.address), symbol: text(token.symbol, `${at}.symbol`, 11), decimals };
  });
  if (new Set(tokens.map((t) => t.address)).size !== tokens.length)
    fail(`${field} lists a token twice`, field);
  return tokens;
}

export function validateEvmNetwork(value: unknown, field = 'evmNetwork'): EvmNetwork {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(`${field} must be an object`, field);
  const raw = value as Record<string, unknown>;
  const currency = raw.nativeCurrency as Record<string, unknown> | undefined;
  if (typeof currency !== 'object' || currency === null)
    fail(`${field}.nativeCurrency must be an object`, field);
  if (currency.decimals !== 18) fail(`${field}.nativeCurrency.decimals must be 18 (EIP-3085)`, field);
  return {
    chainId: validateChainId(raw.chainId, `${field}.chainId`),
    name: text(raw.name, `${field}.name`, 64),
    rpcUrl: validateHttpUrl(raw.rpcUrl, `${field}.rpcUrl`),
    nativeCurrency: {
      name: text(currency.name, `${field}.nativeCurrency.name`, 64),
      symbol: text(currency.symbol, `${field}.nativeCurrency.symbol`, 11),
      decimals: 18,
    },
    ...(raw.blockExplorerUrl === undefined
      ? {}
      : { blockExplorerUrl: validateHttpUrl(raw.blockExplorerUrl, `${field}.blockExplorerUrl`) }),
    ...(raw.tokens === undefined ? {} : { tokens: validateTokens(raw.tokens, `${field}.tokens`) }),
    ...(raw.addedBy === undefined ? {} : { addedBy: text(raw.addedBy, `${field}.addedBy`, 2048) }),
  };
}

export function validateEvmNetworks(value: unknown): EvmNetwork[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_EVM_NETWORKS) {
    fail(`evmNetworks must be a list of 1 to ${MAX_EVM_NETWORKS} networks`, 'evmNetworks');
  }
  const networks = value.map((n, i) => validateEvmNetwork(n, `evmNetworks[${i}]`));
  if (new Set(networks.map((n) => n.chainId)).size !== networks.length) {
    fail('Two networks have the same chain id', 'evmNetworks');
  }
  return networks;
}
