import type { ApiPromise } from '@polkadot/api';
import { connectChain } from '../chain';
import { connectedStatus, type NetworkStatus } from './network';

export interface ChainConnection {
  /** The API for the configured endpoint, connecting (again) when needed or when the endpoint changed. */
  api(): Promise<ApiPromise>;
  disconnect(): Promise<void>;
  /** The endpoint the wallet is configured for (which `api()` connects to). */
  endpoint(): Promise<string>;
  /** Where the connection stands now; `undefined` before anything asked for it. */
  status(): NetworkStatus | undefined;
  /** Calls `listener` on every change of `status()`; returns the unsubscribe function. */
  watch(listener: (status: NetworkStatus) => void): () => void;
}

/**
 * One `@polkadot/api` connection shared by everything in the worker. A failed connection is forgotten, so
 * the next call tries again instead of handing out the same rejection forever. Its state (connecting,
 * connected, unreachable) is reported as it changes, drops and reconnections of the provider included.
 */
export function createChainConnection(
  endpoint: () => Promise<string>,
  connect: typeof connectChain = connectChain,
): ChainConnection {
  let current: { endpoint: string; api: Promise<ApiPromise> } | undefined;
  let status: NetworkStatus | undefined;
  const listeners = new Set<(status: NetworkStatus) => void>();

  function report(next: NetworkStatus): void {
    status = next;
    for (const listener of listeners) listener(next);
  }

  async function drop(): Promise<void> {
    const previous = current;
    current = undefined;
    await previous?.api.then((api) => api.disconnect()).catch(() => undefined);
  }

  return {
    async api() {
      const wanted = await endpoint();
      if (current && current.endpoint !== wanted) await drop();
      if (!current) {
        const api = connect({ endpoint: wanted });
        const entry = { endpoint: wanted, api };
        current = entry;
        // Trying an unreachable endpoint again is not news: it stays unreachable (with its reason) until it
        // answers, so the indicator does not flicker with every retry.
        if (status?.state !== 'unreachable' || status.endpoint !== wanted) {
          report({ endpoint: wanted, state: 'connecting' });
        }
        const live = () => current === entry;
        api.then(
          (connected) => {
            if (!live()) return;
            report(connectedStatus(wanted, connected));
            connected.on('disconnected', () => live() && report({ endpoint: wanted, state: 'connecting' }));
            connected.on('ready', () => live() && report(connectedStatus(wanted, connected)));
          },
          (error: unknown) => {
            if (!live()) return;
            current = undefined;
            report({
              endpoint: wanted,
              state: 'unreachable',
              error: error instanceof Error ? error.message : String(error),
            });
          },
        );
      }
      return current.api;
    },
    disconnect: drop,
    endpoint,
    status: () => status,
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
