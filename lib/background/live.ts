import { storage } from 'wxt/utils/storage';
import { followEvmBalances, type EvmBalances } from '../ethereum/balances';
import { getSettings, watchSettings } from '../settings';
import { walletAccounts } from '../wallet/accounts/instance';
import { subscribeBalances, type AccountBalance } from '../wallet/balances';
import type { NetworkStatus } from '../wallet/network';
import { getServices } from './services';
import { chain } from './worker';

/** How often an unreachable endpoint is tried again while a popup looks at it. */
const RETRY_MS = 5_000;

let watchers = 0;
let balances: Record<string, AccountBalance> = {};
let evmBalances: EvmBalances | undefined;
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

/** The registered accounts' holdings on the selected EVM chain, while a popup is open. */
export function liveEvmBalances(): EvmBalances | undefined {
  return evmBalances;
}

/** Follows the selected EVM chain (settings' default chain), through the same bounded RPC clients as sites. */
function followEvm(): { refresh(): void; stop(): void } {
  const { evm } = getServices();
  return followEvmBalances({
    async network() {
      const settings = await getSettings();
      return evm.network(settings.defaultEvmChainId);
    },
    client: (chainId) => evm.client(chainId),
    addresses: async () =>
      (await walletAccounts.list()).flatMap((a) => (a.registration ? [a.registration.ethAddress] : [])),
    onChange(view) {
      evmBalances = view;
      changed();
    },
  });
}

function changed(): void {
  for (const listener of listeners) listener();
}

/**
 * Starts following the network, the accounts' balances and their holdings on the selected EVM chain, only while someone (an open popup) watches:
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

  const evm = followEvm();
  const unwatchStatus = chain.watch((status) => {
    changed();
    if (status.state === 'connected') void follow();
  });
  const unwatchAccounts = storage.watch('local:accounts.list', () => {
    void follow();
    evm.refresh();
  });
  const unwatchSettings = watchSettings(() => {
    void follow();
    evm.refresh();
  });
  void follow();
  return () => {
    stopped = true;
    clearTimeout(retry);
    unsubscribeBalances?.();
    unwatchStatus();
    unwatchAccounts();
    unwatchSettings();
    evm.stop();
    balances = {};
    evmBalances = undefined;
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
