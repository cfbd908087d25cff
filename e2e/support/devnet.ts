import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';

/** 1,000 BITS (10 decimals): enough fees for a registration and many signature requests. */
const FUNDING = 1_000n * 10n ** 10n;

/**
 * The devnet's faucet, as a person would use one: //Alice transfers tokens to a new wallet account so it
 * can pay for `register` and `prepTransaction`.
 */
export async function fundFromAlice(chainUrl: string, address: string): Promise<void> {
  const api = await ApiPromise.create({ provider: new WsProvider(chainUrl), noInitWarn: true });
  try {
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const transfer = api.tx.balances!.transferKeepAlive!(address, FUNDING);
    await new Promise<void>((resolve, reject) => {
      void transfer
        .signAndSend(alice, ({ status, dispatchError }) => {
          if (dispatchError) reject(new Error(dispatchError.toString()));
          else if (status.isInBlock) resolve();
        })
        .catch(reject);
    });
  } finally {
    await api.disconnect();
  }
}
