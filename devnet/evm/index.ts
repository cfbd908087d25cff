/**
 * The devnet's local EVM chain: anvil (chain id 31337) with the devnet ERC-20 deployed, ready for the wallet
 * to send transactions signed by the Entropy committee. `startDevnet({ evm })` and `npm run devnet` start it.
 */
import { DEVNET_TOKEN, DEVNET_TOKEN_ADDRESS } from './accounts';
import { startAnvil, type AnvilOptions } from './anvil';
import { deployDevToken } from './token';

export * from './accounts';
export { fundFromFaucet, FAUCET_ETH, FAUCET_TOKENS } from './faucet';

export interface RunningEvm {
  url: string;
  chainId: number;
  token: { address: `0x${string}`; name: string; symbol: string; decimals: number };
  stop(): Promise<void>;
}

export async function startEvm(options: AnvilOptions): Promise<RunningEvm> {
  const anvil = await startAnvil(options);
  try {
    await deployDevToken(anvil.url);
  } catch (error) {
    await anvil.stop();
    throw error;
  }
  return {
    url: anvil.url,
    chainId: anvil.chainId,
    token: { address: DEVNET_TOKEN_ADDRESS, ...DEVNET_TOKEN },
    stop: anvil.stop,
  };
}
