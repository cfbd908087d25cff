import { browser } from 'wxt/browser';
import type { OriginPermission } from '../permissions/store';
import type { PendingRequest } from '../requests/types';
import { getSettings } from '../settings';
import type { Settings } from '../settings/types';
import type { AccountInfo } from '../wallet/accounts/types';
import { walletAccounts } from '../wallet/accounts/instance';
import type { HistoryEntry } from '../wallet/history';
import type { SigningSessionView } from '../wallet/signing/view';
import type { VaultStatus } from '../wallet/vault/vault';
import { walletVault } from '../wallet/vault/instance';
import type { AccountBalance } from '../wallet/balances';
import type { NetworkStatus } from '../wallet/network';
import { liveBalances, networkStatus, watchLive } from './live';
import { getServices } from './services';
import { history, sessionViews } from './worker';

/** Everything the popup shows, in one object; never anything secret. */
export interface WalletSnapshot {
  vault: VaultStatus;
  accounts: AccountInfo[];
  requests: PendingRequest[];
  sessions: SigningSessionView[];
  history: HistoryEntry[];
  settings: Settings;
  permissions: OriginPermission[];
  /** The chain connection: connecting, connected (with the chain's name and token) or unreachable. */
  network: NetworkStatus;
  /** Native balances by address, while a popup follows them (empty until read). */
  balances: Record<string, AccountBalance>;
}

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
  return { vault, accounts, requests, sessions, history: entries, settings, permissions, network, balances };
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
