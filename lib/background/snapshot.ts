import { browser } from 'wxt/browser';
import { getSettings } from '../settings';
import { walletAccounts } from '../wallet/accounts/instance';
import { walletVault } from '../wallet/vault/instance';
import { liveBalances, liveEvmBalances, networkStatus, watchLive } from './live';
import { getServices } from './services';
import { isSessionViewKey } from '../wallet/signing/sessions';
import type { SigningSessionView } from '../wallet/signing/view';
import type { SnapshotUpdate, WalletSnapshot } from './types';
import { history, sessionViews } from './worker';

export type Slice = keyof WalletSnapshot;

/** How each part of the snapshot is read: from extension storage, or the worker's memory. */
const readers: { [K in Slice]: () => Promise<WalletSnapshot[K]> | WalletSnapshot[K] } = {
  vault: () => walletVault.status(),
  accounts: () => walletAccounts.list(),
  requests: () => getServices().queue.list(),
  sessions: () => sessionViews.list(),
  history: () => history.list(),
  settings: () => getSettings(),
  permissions: () => getServices().permissions.list(),
  network: () => networkStatus(),
  balances: () => liveBalances(),
  evm: () => liveEvmBalances() ?? null,
};
const ALL = Object.keys(readers) as Slice[];
const LIVE: Slice[] = ['network', 'balances', 'evm'];

/** The parts read anew, side by side. */
async function readSlices(
  slices: Iterable<Slice>,
  from: typeof readers = readers,
): Promise<Partial<WalletSnapshot>> {
  const parts = await Promise.all([...slices].map(async (slice) => [slice, await from[slice]()] as const));
  return Object.fromEntries(parts) as Partial<WalletSnapshot>;
}

export async function walletSnapshot(): Promise<WalletSnapshot> {
  return (await readSlices(ALL)) as WalletSnapshot;
}

/**
 * The parts a changed storage key feeds (`area:key` as WXT names them). A vault secret feeds none: the
 * status reads only the vault's header and session. A key not listed here refreshes everything.
 */
export function slicesOf(area: string, key: string): Slice[] {
  if (area === 'local' && key.startsWith('vault.secret.')) return [];
  // The views' own writes: the worker pushes each view from memory as it changes.
  if (area === 'session' && isSessionViewKey(key)) return [];
  const slices: Record<string, Slice[]> = {
    'local:vault.header': ['vault'],
    'local:vault.autoLockMinutes': ['vault'],
    'local:vault.unlockAttempts': ['vault'],
    'session:vault.session': ['vault'],
    'local:accounts.list': ['accounts'],
    'session:requests': ['requests'],
    'local:history': ['history'],
    // The network's status names the endpoint the settings choose.
    'local:settings': ['settings', 'network'],
    'local:permissions': ['permissions'],
    'session:approvalWindowId': [],
  };
  return slices[`${area}:${key}`] ?? ALL;
}

/**
 * Calls `push` with the whole snapshot now, then with the parts that changed after every change. Every
 * part of the wallet's state lives in extension storage or the worker's memory, so one storage listener,
 * the session views and the live state see every change; bursts (progress updates) are coalesced, and
 * reads follow one another, so no older part overtakes a newer one. The whole snapshot was read and sent
 * on every change before: during a signing, every 50 ms, with the history and all kept sessions growing
 * with each signing (bench:e2e's protocol step took 100 ms in a first signing and 200 ms by the tenth).
 */
export interface SnapshotSources {
  readers: typeof readers;
  /** Calls its listener with every update of a signing session's view. */
  subscribeViews(listener: (view: SigningSessionView) => void): () => void;
  /** Calls its listener when the network's status or a balance changes. */
  watchLive(listener: () => void): () => void;
}

const SOURCES: SnapshotSources = {
  readers,
  subscribeViews: (listener) => sessionViews.subscribe(listener),
  watchLive,
};

export function watchSnapshot(
  push: (update: SnapshotUpdate) => void,
  delayMs = 50,
  sources: SnapshotSources = SOURCES,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const dirty = new Set<Slice>();
  // Each changed request's newest view, in the order of their last change (a Map keeps insertion order).
  const changedViews = new Map<string, SigningSessionView>();
  let reading = Promise.resolve();
  const refresh = (slices: Iterable<Slice>) => {
    for (const slice of slices) dirty.add(slice);
    if (stopped || timer || (dirty.size === 0 && changedViews.size === 0)) return;
    timer = setTimeout(() => {
      timer = undefined;
      const due = [...dirty];
      dirty.clear();
      // The whole list, when it is read, holds every change so far.
      const views = due.includes('sessions') ? [] : [...changedViews.values()];
      changedViews.clear();
      reading = reading
        .then(() => readSlices(due, sources.readers))
        .then(
          (snapshot) => {
            if (!stopped) push(views.length > 0 ? { ...snapshot, sessionViews: views } : snapshot);
          },
          // A part that cannot be read now is read again with the next change.
          () => due.forEach((slice) => dirty.add(slice)),
        );
    }, delayMs);
  };
  const onChanged = (changes: Record<string, unknown>, area: string) =>
    refresh(Object.keys(changes).flatMap((key) => slicesOf(area, key)));
  browser.storage.onChanged.addListener(onChanged);
  // Progress is pushed straight from memory, each changed view alone (the kept list is ~40 KB when full).
  const unsubscribeViews = sources.subscribeViews((view) => {
    changedViews.delete(view.requestId);
    changedViews.set(view.requestId, view);
    refresh([]);
  });
  // The network's state and the balances live in memory too, followed only while a popup is open.
  const unwatchLive = sources.watchLive(() => refresh(LIVE));
  refresh(ALL);
  return () => {
    stopped = true;
    clearTimeout(timer);
    browser.storage.onChanged.removeListener(onChanged);
    unsubscribeViews();
    unwatchLive();
  };
}
