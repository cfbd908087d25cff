import { storage } from 'wxt/utils/storage';
import { watchSettings } from '../settings';
import { walletAccounts } from '../wallet/accounts/instance';
import { subscribeBalances, type AccountBalance } from '../wallet/balances';
import type { NetworkStatus } from '../wallet/network';
import { chain } from './worker';

/** How often an unreachable endpoint is tried again while a popup looks at it. */
const RETRY_MS = 5_000;

let watchers = 0;
let balances: Record<string, AccountBalance> = {};
const listeners = new Set<() => void>();
let stopWatching: (() => void) | undefined;

/** The network's state as the wallet knows it now (`connecting` before the first attempt settles). */
export async function networkStatus(): Promise<NetworkStatus> {
  const status = chain.status();
  const endpoint = await chain.endpoint();
  return status?.endpoint === endpoint ? status : { endpoint, state: 'connecting' };
}

/** The balances last read from the chain, while a popup is open; empty otherwise. */
export function liveBalances(): Record<string, AccountBalance> {
  return balances;
}

function changed(): void {
  for (const listener of listeners) listener();
}

/**
 * Starts following the network and the accounts' balances, only while someone (an open popup) watches:
 * connects, retries an unreachable endpoint every few seconds, and re-subscribes the balances after a
 * reconnection or when accounts change.
 */
function start(): () => void {
  let stopped = false;
  let unsubscribeBalances: (() => void) | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  async function follow(): Promise<void> {
    const mine = ++generation;
    clearTimeout(retry);
    unsubscribeBalances?.();
    unsubscribeBalances = undefined;
    try {
      const api = await chain.api();
      const addresses = (await walletAccounts.list()).map((a) => a.address);
      if (stopped || mine !== generation) return;
      const unsubscribe = await subscribeBalances(api, addresses, (next) => {
        balances = next;
        changed();
      });
      if (stopped || mine !== generation) unsubscribe();
      else unsubscribeBalances = unsubscribe;
    } catch {
      // The status says why; try again while the popup is open.
      if (!stopped && mine === generation) retry = setTimeout(() => void follow(), RETRY_MS);
    }
  }

  const unwatchStatus = chain.watch((status) => {
    changed();
    if (status.state === 'connected') void follow();
  });
  const unwatchAccounts = storage.watch('local:accounts.list', () => void follow());
  const unwatchSettings = watchSettings(() => void follow());
  void follow();
  return () => {
    stopped = true;
    clearTimeout(retry);
    unsubscribeBalances?.();
    unwatchStatus();
    unwatchAccounts();
    unwatchSettings();
    balances = {};
  };
}

/** Calls `listener` when the network status or a balance changes; the first watcher starts the work. */
export function watchLive(listener: () => void): () => void {
  listeners.add(listener);
  if (watchers++ === 0) stopWatching = start();
  let done = false;
  return () => {
    if (done) return;
    done = true;
    listeners.delete(listener);
    if (--watchers === 0) {
      stopWatching?.();
      stopWatching = undefined;
    }
  };
}
