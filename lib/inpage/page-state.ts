import type { MessageClient } from '../messaging/client';
import type { PageState } from './protocol';

/** How long to wait before re-subscribing after the wallet's worker restarted. */
const RESUBSCRIBE_DELAY_MS = 500;

export interface PageStateWatcher {
  /** Starts watching (once) and resolves with the state, as soon as the wallet sent it. */
  current(): Promise<PageState>;
  /** Takes a state the page just received in an answer, so listeners hear of it without waiting. */
  update(state: PageState): void;
  /** `previous` is undefined for the first state after (re)connecting. */
  onChange(listener: (state: PageState, previous: PageState | undefined) => void): () => void;
  onConnect(listener: (state: PageState) => void): () => void;
  onDisconnect(listener: (error: unknown) => void): () => void;
}

/**
 * Follows what this origin may see through one `pub(page.events)` subscription, opened only when the page
 * first uses the wallet (pages that never do cost the wallet nothing). When the worker restarts the
 * subscription is renewed; when the wallet cannot be reached at all, listeners hear `disconnect`.
 */
export function watchPageState(client: MessageClient): PageStateWatcher {
  let state: PageState | undefined;
  let connected = false;
  let running = false;
  /** Whether `state` is current: false after a subscription failed, until the wallet sends state again. */
  let live = false;
  let waiters: { resolve(state: PageState): void; reject(error: unknown): void }[] = [];
  const changeListeners = new Set<(state: PageState, previous: PageState | undefined) => void>();
  const connectListeners = new Set<(state: PageState) => void>();
  const disconnectListeners = new Set<(error: unknown) => void>();

  function update(next: PageState): void {
    const previous = state;
    state = next;
    live = true;
    if (!connected) {
      connected = true;
      for (const listener of connectListeners) listener(next);
    }
    for (const waiter of waiters) waiter.resolve(next);
    waiters = [];
    if (JSON.stringify(previous) !== JSON.stringify(next)) {
      for (const listener of changeListeners) listener(next, previous);
    }
  }

  function start(): void {
    if (running) return;
    running = true;
    let received = false;
    const subscription = client.subscribe('pub(page.events)', undefined, (event) => {
      received = true;
      update(event as PageState);
    });
    subscription.result.then(
      () => {
        running = false;
      },
      (error: unknown) => {
        running = false;
        live = false;
        subscription.unsubscribe();
        if (received) {
          // The worker went away after serving us: renew, and the next state tells what changed.
          setTimeout(start, RESUBSCRIBE_DELAY_MS);
          return;
        }
        for (const waiter of waiters) waiter.reject(error);
        waiters = [];
        if (!connected) return;
        connected = false;
        for (const listener of disconnectListeners) listener(error);
      },
    );
  }

  return {
    current() {
      start();
      if (state && live) return Promise.resolve(state);
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
    },
    update,
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    onConnect(listener) {
      connectListeners.add(listener);
      return () => connectListeners.delete(listener);
    },
    onDisconnect(listener) {
      disconnectListeners.add(listener);
      return () => disconnectListeners.delete(listener);
    },
  };
}
