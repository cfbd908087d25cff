/**
 * The devnet EVM faucet: anvil's first development account sends ETH and the devnet's ERC-20 to an address,
 * so a wallet's threshold address can pay gas. Plain viem, so the demo dApp (in the browser) and the tests
 * (in Node) use the same code. Devnet only.
 */
import {
  createWalletClient,
  erc20Abi,
  http,
  parseEther,
  parseUnits,
  publicActions,
  type Address,
  type Hex,
} from 'viem';
import { foundry } from 'viem/chains';
import { DEVNET_TOKEN, DEVNET_TOKEN_ADDRESS, faucetAccount } from './accounts';

export const FAUCET_ETH = parseEther('10');
export const FAUCET_TOKENS = parseUnits('1000', DEVNET_TOKEN.decimals);

function faucetClient(rpcUrl: string) {
  return createWalletClient({
    account: faucetAccount,
    chain: foundry,
    transport: http(rpcUrl, { retryCount: 0, timeout: 30_000 }),
  }).extend(publicActions);
}

/** Sends `eth` wei and `tokens` token units to `to`; resolves once both are mined (anvil mines at once). */
export async function fundFromFaucet(
  rpcUrl: string,
  to: Address,
  amounts: { eth?: bigint; tokens?: bigint } = { eth: FAUCET_ETH, tokens: FAUCET_TOKENS },
): Promise<{ hashes: Hex[] }> {
  const client = faucetClient(rpcUrl);
  const hashes: Hex[] = [];
  if (amounts.eth) hashes.push(await client.sendTransaction({ to, value: amounts.eth }));
  if (amounts.tokens) {
    hashes.push(
      await client.writeContract({
        address: DEVNET_TOKEN_ADDRESS,
        abi: erc20Abi,
        functionName: 'transfer',
        args: [to, amounts.tokens],
      }),
    );
  }
  for (const hash of hashes) {
    const receipt = await client.waitForTransactionReceipt({ hash, timeout: 60_000 });
    if (receipt.status !== 'success') throw new Error(`The faucet's transaction ${hash} failed`);
  }
  return { hashes };
}
