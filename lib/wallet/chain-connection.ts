import type { ApiPromise } from '@polkadot/api';
import { connectChain } from '../chain';

export interface ChainConnection {
  /** The API for the configured endpoint, connecting (again) when needed or when the endpoint changed. */
  api(): Promise<ApiPromise>;
  disconnect(): Promise<void>;
}

/**
 * One `@polkadot/api` connection shared by everything in the worker. A failed connection is forgotten, so
 * the next call tries again instead of handing out the same rejection forever.
 */
export function createChainConnection(endpoint: () => Promise<string>): ChainConnection {
  let current: { endpoint: string; api: Promise<ApiPromise> } | undefined;

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
        const api = connectChain({ endpoint: wanted });
        const entry = { endpoint: wanted, api };
        current = entry;
        api.catch(() => {
          if (current === entry) current = undefined;
        });
      }
      return current.api;
    },
    disconnect: drop,
  };
}
