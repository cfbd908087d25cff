/**
 * The devnet EVM's well-known values, shared by the launcher, the demo dApp (in the browser) and the tests.
 * Devnet only: anvil's first development key is public, like //Alice's.
 */
import { getContractAddress, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

export const DEVNET_EVM_CHAIN_ID = 31337;
/** anvil's default port, like Substrate's 9944 for the Entropy chain. */
export const DEVNET_EVM_PORT = 8545;
export const DEVNET_EVM_URL = `http://127.0.0.1:${DEVNET_EVM_PORT}`;

/** anvil's first development account (mnemonic "test test … junk", index 0): deploys the token, runs the faucet. */
export const FAUCET_KEY: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
export const faucetAccount = privateKeyToAccount(FAUCET_KEY);

/** The token is the faucet account's first transaction on a fresh anvil, so its address is known in advance. */
export const DEVNET_TOKEN_ADDRESS: Address = getContractAddress({ from: faucetAccount.address, nonce: 0n });
export const DEVNET_TOKEN = { name: 'Entropy Devnet Dollar', symbol: 'eUSD', decimals: 6 } as const;
/** Minted to the faucet account at deployment. */
export const DEVNET_TOKEN_SUPPLY = 1_000_000_000n * 10n ** 6n;
