import { announceProvider, type EIP1193Provider } from 'mipd';
import type { MessageClient } from '../messaging/client';
import { createEntropyApi } from './entropy';
import { EntropyEthereumProvider } from './ethereum-provider';
import { WALLET_ICON, WALLET_NAME, WALLET_RDNS } from './icon';
import { watchPageState } from './page-state';
import { injectPolkadot } from './polkadot';

/**
 * Everything a page sees of the wallet besides `window.entropyWallet`: the Polkadot injection (with the
 * `entropy` namespace) and the EIP-1193 provider, announced with EIP-6963 and set as `window.ethereum`
 * only when no other wallet took it.
 */
export function installProviders(
  win: Window,
  client: MessageClient,
  version: string,
): EntropyEthereumProvider {
  const watcher = watchPageState(client);
  injectPolkadot(win, client, watcher, createEntropyApi(client), version);

  const provider = new EntropyEthereumProvider(client, watcher);
  announceProvider({
    info: { uuid: crypto.randomUUID(), name: WALLET_NAME, icon: WALLET_ICON, rdns: WALLET_RDNS },
    provider: provider as unknown as EIP1193Provider,
  });
  if ((win as { ethereum?: unknown }).ethereum === undefined) {
    Object.defineProperty(win, 'ethereum', {
      value: provider,
      configurable: true,
      writable: true,
      enumerable: true,
    });
  }
  return provider;
}
