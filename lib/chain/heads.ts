import type { ApiPromise } from '@polkadot/api';
import type { EventRecord } from '@polkadot/types/interfaces';
import { watchSubscription } from './watch';

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
  let next = options.fromBlock;
  let queue = Promise.resolve();
  return watchSubscription<T>(options.what, options.timeoutMs, (watch) => {
    const inspect = async (blockNumber: number) => {
      const blockHash = (await api.rpc.chain.getBlockHash(blockNumber)).toHex();
      const events = await api.query.system.events.at(blockHash);
      const found = match({ blockNumber, blockHash, events });
      if (found !== undefined) watch.resolve(found);
    };
    return api.rpc.chain.subscribeNewHeads((header) => {
      const head = header.number.toNumber();
      queue = queue
        .then(async () => {
          const from = next ?? head;
          for (let n = from; n <= head && !watch.settled; n++) await inspect(n);
          next = Math.max(next ?? 0, head + 1);
        })
        .catch((error: unknown) => watch.reject(error));
    });
  });
}
