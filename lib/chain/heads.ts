import type { ApiPromise } from '@polkadot/api';
import type { EventRecord } from '@polkadot/types/interfaces';
import { ChainTimeout } from './errors';

export interface BlockEvents {
  blockNumber: number;
  blockHash: string;
  events: readonly EventRecord[];
}

/**
 * Watches new heads and hands every block's events to `match` — including blocks a fast chain skipped in
 * the head subscription — until it returns a value, the block limit passes, or time runs out.
 */
export function waitForBlockEvents<T>(
  api: ApiPromise,
  match: (block: BlockEvents) => T | undefined,
  options: { fromBlock?: number; timeoutMs: number; what: string },
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let next = options.fromBlock;
    let settled = false;
    let unsubscribe: (() => void) | undefined;
    let queue = Promise.resolve();
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe?.();
      action();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new ChainTimeout(`Timed out waiting for ${options.what}`, { details: { what: options.what } }),
          ),
        ),
      options.timeoutMs,
    );

    const inspect = async (blockNumber: number) => {
      const blockHash = (await api.rpc.chain.getBlockHash(blockNumber)).toHex();
      const events = await api.query.system.events.at(blockHash);
      const found = match({ blockNumber, blockHash, events });
      if (found !== undefined) finish(() => resolve(found));
    };

    api.rpc.chain
      .subscribeNewHeads((header) => {
        const head = header.number.toNumber();
        queue = queue
          .then(async () => {
            const from = next ?? head;
            for (let n = from; n <= head && !settled; n++) await inspect(n);
            next = Math.max(next ?? 0, head + 1);
          })
          .catch((error: unknown) => finish(() => reject(error)));
      })
      .then((unsub) => {
        if (settled) unsub();
        else unsubscribe = unsub;
      })
      .catch((error: unknown) => finish(() => reject(error)));
  });
}
