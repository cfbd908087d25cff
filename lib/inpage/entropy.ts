import type { MessageClient } from '../messaging/client';
import type { EntropyProgressEvent, EntropySignParams, EntropySignResult } from './protocol';

export type EntropyProgress = EntropyProgressEvent['progress'];

/** `injected.entropy`: Entropy's own signing API next to the Polkadot one. */
export interface EntropyApi {
  /** The account's registered 33-byte compressed secp256k1 verifying key. */
  getVerifyingKey(address: string): Promise<`0x${string}`>;
  /** `requestId` (optional, chosen by the page) lets `subscribeProgress` follow this signing. */
  sign(
    request: EntropySignParams & { requestId?: string },
  ): Promise<EntropySignResult & { requestId: string }>;
  subscribeProgress(requestId: string, callback: (progress: EntropyProgress) => void): () => void;
}

function randomId(): string {
  return crypto.randomUUID();
}

export function createEntropyApi(client: MessageClient): EntropyApi {
  const listeners = new Map<string, Set<(progress: EntropyProgress) => void>>();
  return Object.freeze({
    getVerifyingKey: (address: string) => client.request('pub(entropy.verifyingKey)', { address }),
    async sign({ requestId = randomId(), ...params }: EntropySignParams & { requestId?: string }) {
      const subscription = client.subscribe('pub(entropy.sign)', params, (event) => {
        const { type, progress } = event as EntropyProgressEvent;
        if (type !== 'progress') return;
        // The page knows the request by its own id; the queue's id stays in the wallet.
        for (const listener of listeners.get(requestId) ?? []) listener({ ...progress, requestId });
      });
      try {
        return { ...(await subscription.result), requestId };
      } finally {
        subscription.unsubscribe();
      }
    },
    subscribeProgress(requestId: string, callback: (progress: EntropyProgress) => void) {
      const set = listeners.get(requestId) ?? new Set();
      set.add(callback);
      listeners.set(requestId, set);
      return () => {
        set.delete(callback);
        if (set.size === 0) listeners.delete(requestId);
      };
    },
  });
}
