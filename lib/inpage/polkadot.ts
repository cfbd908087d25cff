import type { Signer, SignerResult } from '@polkadot/api/types';
import type {
  Injected,
  InjectedAccount,
  InjectedAccounts,
  InjectedWindowProvider,
} from '@polkadot/extension-inject/types';
import type { SignerPayloadJSON, SignerPayloadRaw } from '@polkadot/types/types';
import type { MessageClient } from '../messaging/client';
import type { EntropyApi } from './entropy';
import type { PageStateWatcher } from './page-state';

/** The key under `window.injectedWeb3`, as `web3Enable` lists it (`source`). */
export const EXTENSION_NAME = 'entropy-wallet';

export type EntropyInjected = Injected & { entropy: EntropyApi };

function createAccounts(client: MessageClient, watcher: PageStateWatcher): InjectedAccounts {
  return {
    get: () => client.request('pub(substrate.accounts)'),
    subscribe(callback) {
      let last: string | undefined;
      const deliver = (accounts: InjectedAccount[]) => {
        const key = JSON.stringify(accounts);
        if (key === last) return;
        last = key;
        Promise.resolve(callback(accounts)).catch((error: unknown) => console.error(error));
      };
      const off = watcher.onChange((state) => deliver(state.substrate));
      watcher.current().then(
        (state) => deliver(state.substrate),
        () => deliver([]),
      );
      return () => {
        off();
      };
    },
  };
}

function createSigner(client: MessageClient): Signer {
  let nextId = 0;
  return {
    async signPayload(payload: SignerPayloadJSON): Promise<SignerResult> {
      const { signature } = await client.request(
        'pub(substrate.signPayload)',
        payload as unknown as Record<string, unknown>,
      );
      return { id: ++nextId, signature };
    },
    async signRaw(raw: SignerPayloadRaw): Promise<SignerResult> {
      const { signature } = await client.request('pub(substrate.signRaw)', {
        address: raw.address,
        data: raw.data,
        type: raw.type,
      });
      return { id: ++nextId, signature };
    },
  };
}

/**
 * `window.injectedWeb3['entropy-wallet'] = { enable, version }`, the shape `@polkadot/extension-inject`
 * defines. Written here rather than with its `injectExtension`, whose package registers itself in the
 * page's global polkadot-js version check and would warn in every dApp that bundles its own copy.
 */
export function injectPolkadot(
  win: object,
  client: MessageClient,
  watcher: PageStateWatcher,
  entropy: EntropyApi,
  version: string,
): void {
  const target = win as { injectedWeb3?: Record<string, InjectedWindowProvider> };
  target.injectedWeb3 = target.injectedWeb3 ?? {};
  const accounts = createAccounts(client, watcher);
  const signer = createSigner(client);
  target.injectedWeb3[EXTENSION_NAME] = {
    // The page's self-declared name is ignored: the wallet knows the page by its real origin.
    async enable(): Promise<EntropyInjected> {
      watcher.update(await client.request('pub(authorize.request)'));
      watcher.current().catch(() => undefined);
      return { accounts, signer, entropy };
    },
    version,
  };
}
