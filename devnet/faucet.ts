/**
 * The devnet's faucet: //Alice (a well-known development account, endowed at genesis) sends tokens to a new
 * wallet account so it can pay the fees of `register` and `prepTransaction`. Plain `@polkadot/api`, so the
 * demo dApp (in the browser) and the tests (in Node) use the same code. Devnet only: //Alice's key is public.
 */
import { Keyring } from '@polkadot/keyring';
import { decodeAddress } from '@polkadot/util-crypto';
import { connectChain, submitAndWaitInBlock } from '../lib/chain';

/** 1,000 BITS (10 decimals): enough for a registration and many signature requests. */
export const FAUCET_AMOUNT = 1_000n * 10n ** 10n;

export async function fundFromAlice(
  chainUrl: string,
  address: string,
  amount = FAUCET_AMOUNT,
): Promise<number> {
  decodeAddress(address);
  const api = await connectChain({ endpoint: chainUrl });
  try {
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const { blockNumber } = await submitAndWaitInBlock(
      api,
      api.tx.balances!.transferKeepAlive!(address, amount),
      alice,
    );
    return blockNumber;
  } finally {
    await api.disconnect();
  }
}
