import type { MessageClient, PageStatus } from '../messaging';

/** What a page sees at `window.entropyWallet`: the wallet's own, non-secret entry point. */
export interface EntropyWalletGlobal {
  readonly version: string;
  status(): Promise<PageStatus>;
}

export function createEntropyWalletGlobal(client: MessageClient, version: string): EntropyWalletGlobal {
  return Object.freeze({
    version,
    status: () => client.request('pub(wallet.status)'),
  });
}
