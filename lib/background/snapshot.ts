import { browser } from 'wxt/browser';
import { getSettings } from '../settings';
import { walletAccounts } from '../wallet/accounts/instance';
import { walletVault } from '../wallet/vault/instance';
import { liveBalances, liveEvmBalances, networkStatus, watchLive } from './live';
import { getServices } from './services';
import type { WalletSnapshot } from './types';
import { history, sessionViews } from './worker';

export async function walletSnapshot(): Promise<WalletSnapshot> {
  const services = getServices();
  const [vault, accounts, requests, sessions, entries, settings, permissions, network] = await Promise.all([
    walletVault.status(),
    walletAccounts.list(),
    services.queue.list(),
    sessionViews.list(),
    history.list(),
    getSettings(),
    services.permissions.list(),
    networkStatus(),
  ]);
  const balances = liveBalances();
  const evm = liveEvmBalances();
  return {
    vault,
    accounts,
    requests,
    sessions,
    history: entries,
    settings,
    permissions,
    network,
    balances,
    evm: evm ?? null,
  };
}

/**
 * Calls `push` with a fresh snapshot now and after every change. Every part of the wallet's state lives in
 * extension storage, so one storage listener sees every change; bursts (progress updates) are coalesced.
 */
export function watchSnapshot(push: (snapshot: WalletSnapshot) => void, delayMs = 50): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const refresh = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void walletSnapshot().then((snapshot) => {
        if (!stopped) push(snapshot);
      });
    }, delayMs);
  };
  const onChanged = () => refresh();
  browser.storage.onChanged.addListener(onChanged);
  // Progress is pushed straight from memory as well: storage writes of views are chained and may lag.
  const unsubscribeViews = sessionViews.subscribe(refresh);
  // The network's state and the balances live in memory too, followed only while a popup is open.
  const unwatchLive = watchLive(refresh);
  refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
    browser.storage.onChanged.removeListener(onChanged);
    unsubscribeViews();
    unwatchLive();
  };
}
