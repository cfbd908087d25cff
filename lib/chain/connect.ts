import { ApiPromise, WsProvider } from '@polkadot/api';
import { followHeads } from './era';
import { ChainUnavailable } from './errors';

export interface ConnectOptions {
  endpoint: string;
  /** How long to wait for the first connection and metadata. */
  timeoutMs?: number;
  /** The provider to connect over, for a caller that also sends requests on it directly. */
  provider?: WsProvider;
}

/**
 * Connects `@polkadot/api` to an Entropy node. The provider reconnects by itself after a drop; a node that
 * never answers gives a `ChainUnavailable` naming the endpoint instead of a promise that hangs.
 */
export async function connectChain({
  endpoint,
  timeoutMs = 15_000,
  provider = new WsProvider(endpoint, 1_000, {}, timeoutMs),
}: ConnectOptions): Promise<ApiPromise> {
  const api = new ApiPromise({ provider, noInitWarn: true, throwOnConnect: false });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      api.isReadyOrError,
      new Promise((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new ChainUnavailable(`The Entropy network at ${endpoint} did not answer`, {
                details: { endpoint },
              }),
            ),
          timeoutMs,
        );
      }),
    ]);
    followHeads(api);
    return api;
  } catch (error) {
    await api.disconnect().catch(() => undefined);
    if (error instanceof ChainUnavailable) throw error;
    throw new ChainUnavailable(`Could not connect to the Entropy network at ${endpoint}`, {
      details: { endpoint },
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}
