import { ChainTimeout } from './errors';

export interface Watch<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
  /** True once the watch resolved, failed or timed out. */
  readonly settled: boolean;
}

/**
 * A promise fed by a `@polkadot/api` subscription: settles once, unsubscribes when it does (also when the
 * subscription is only confirmed afterwards), and fails with `ChainTimeout` naming `what` after `timeoutMs`.
 */
export function watchSubscription<T>(
  what: string,
  timeoutMs: number,
  subscribe: (watch: Watch<T>) => Promise<() => void>,
  timeoutError: () => Error = () => new ChainTimeout(`Timed out waiting for ${what}`, { details: { what } }),
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let unsubscribe: (() => void) | undefined;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe?.();
      action();
    };
    const timer = setTimeout(() => finish(() => reject(timeoutError())), timeoutMs);
    const watch: Watch<T> = {
      resolve: (value) => finish(() => resolve(value)),
      reject: (error) => finish(() => reject(error)),
      get settled() {
        return settled;
      },
    };
    subscribe(watch)
      .then((unsub) => {
        if (settled) unsub();
        else unsubscribe = unsub;
      })
      .catch((error: unknown) => watch.reject(error));
  });
}
