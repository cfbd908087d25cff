import type { MessageClient } from '../messaging/client';
import { Emitter } from './emitter';
import type { PageStateWatcher } from './page-state';
import { ProviderRpcError, toProviderError } from './provider-error';

export interface RequestArguments {
  readonly method: string;
  readonly params?: readonly unknown[] | object;
}

/**
 * The EIP-1193 provider pages get (announced with EIP-6963). Every method runs in the background, which
 * decides by the page's real origin; this object only forwards and turns errors into `{ code, message }`.
 */
export class EntropyEthereumProvider extends Emitter {
  readonly isEntropyWallet = true;
  readonly #client: MessageClient;
  readonly #watcher: PageStateWatcher;

  constructor(client: MessageClient, watcher: PageStateWatcher) {
    super();
    this.#client = client;
    this.#watcher = watcher;
    watcher.onConnect((state) => this.emit('connect', { chainId: state.chainId }));
    watcher.onDisconnect((error) => this.emit('disconnect', toProviderError(error)));
    watcher.onChange((state, previous) => {
      if (!previous) return;
      if (JSON.stringify(state.evm) !== JSON.stringify(previous.evm)) this.emit('accountsChanged', state.evm);
      if (state.chainId !== previous.chainId) this.emit('chainChanged', state.chainId);
    });
  }

  async request(args: RequestArguments): Promise<unknown> {
    if (typeof args !== 'object' || args === null || typeof args.method !== 'string') {
      throw new ProviderRpcError({ code: -32600, message: 'request() expects { method, params? }' });
    }
    this.#watch();
    try {
      return await this.#client.request('pub(eth.request)', { method: args.method, params: args.params });
    } catch (error) {
      throw toProviderError(error);
    }
  }

  override on(event: string, listener: (...args: unknown[]) => void): this {
    this.#watch();
    return super.on(event, listener);
  }

  /** Events need the page-state subscription; it starts with the page's first use of the provider. */
  #watch(): void {
    this.#watcher.current().catch(() => undefined);
  }
}
