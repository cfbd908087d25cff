import { numberToHex, type Hex } from 'viem';

export interface EvmChain {
  chainId: number;
  name: string;
}

/**
 * The EVM chains pages may switch between. Entropy signs for any chain (the wallet needs no EVM RPC):
 * the chain id only goes into transactions and EIP-712 domains, so the list is what the wallet offers.
 */
export const CONFIGURED_CHAINS: readonly EvmChain[] = Object.freeze([
  { chainId: 1, name: 'Ethereum' },
  { chainId: 11155111, name: 'Sepolia' },
  { chainId: 17000, name: 'Holesky' },
  { chainId: 31337, name: 'Local (Anvil/Hardhat)' },
]);

export const DEFAULT_CHAIN_ID = 1;

export function chainIdHex(chainId: number): Hex {
  return numberToHex(chainId);
}
