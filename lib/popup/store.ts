import { createStore, type StoreApi } from 'zustand/vanilla';
import { WalletError } from '../errors';
import type { MessageClient, Settings, WalletStatus } from '../messaging';
import type { OriginPermission } from '../permissions/store';
import type { PendingRequest, QueueEvent, RequestOutcome } from '../requests/types';
import type { AccountInfo } from '../wallet/accounts/types';
import type { SigningSessionView } from '../wallet/signing/view';
import type { ErrorView, HistoryEntry, WalletSnapshot } from './types';

export interface WalletState {
  status?: WalletStatus;
  vault?: WalletSnapshot['vault'];
  accounts: AccountInfo[];
  requests: PendingRequest[];
  sessions: SigningSessionView[];
  history: HistoryEntry[];
  settings?: Settings;
  permissions: OriginPermission[];
  /** Answers to requests approved or rejected from this popup, by request id. */
  outcomes: Record<string, RequestOutcome>;
  /** The signing request whose progress the user is watching after approving it. */
  watching?: string;
  /** When the background accepts the next password attempt (epoch ms), after wrong ones. */
  unlockAllowedAt: number;
  /** True from the first sight of an empty wallet until the user finishes onboarding. */
  onboarding: boolean;
  /** The last error the background reported, in words for the user. */
  error?: ErrorView;
  loading: boolean;

  refresh(): Promise<void>;
  /** Follows the background live (queue events, periodic status); returns the stop function. */
  connect(pollMs?: number): () => void;
  applySnapshot(snapshot: Partial<WalletSnapshot>): void;
  dismissError(): void;
  updateSettings(patch: Partial<Settings>): Promise<boolean>;
  createVault(password: string): Promise<boolean>;
  unlock(password: string): Promise<boolean>;
  lock(): Promise<void>;
  setAutoLock(minutes: number): Promise<boolean>;
  generateMnemonic(): Promise<string | undefined>;
  createAccount(name: string, mnemonic: string): Promise<AccountInfo | undefined>;
  importBackup(file: string, password: string): Promise<boolean>;
  exportBackup(
    password: string,
    backupPassword: string,
  ): Promise<{ file: string; fileName: string } | undefined>;
  startOnboarding(): void;
  finishOnboarding(): void;
  approve(id: string, accounts?: string[]): Promise<RequestOutcome | undefined>;
  reject(id: string): Promise<RequestOutcome | undefined>;
  stopWatching(): void;
  revoke(origin: string): Promise<boolean>;
}

export type WalletStore = StoreApi<WalletState>;

export function describeError(error: unknown): ErrorView {
  if (error instanceof WalletError) {
    return { message: error.message, code: error.code, ...(error.details ? { details: error.details } : {}) };
  }
  return { message: error instanceof Error ? error.message : String(error), code: 'INTERNAL' };
}

/** The orchestrator's progress reaches the queue as full session views (lib/wallet/signing/view.ts). */
function isSessionView(value: unknown): value is SigningSessionView {
  const v = value as Partial<SigningSessionView> | null;
  return typeof v === 'object' && v !== null && typeof v.requestId === 'string' && Array.isArray(v.members);
}

function upsertSession(sessions: SigningSessionView[], view: SigningSessionView): SigningSessionView[] {
  return [view, ...sessions.filter((s) => s.requestId !== view.requestId)];
}

/** Popup state mirrors the background's; it only ever asks, never derives secrets itself. */
export function createWalletStore(client: MessageClient): WalletStore {
  return createStore<WalletState>()((set, get) => {
    /** Runs one request; a refusal becomes the visible error and `undefined`. */
    async function attempt<T>(run: () => Promise<T>): Promise<T | undefined> {
      try {
        const result = await run();
        set({ error: undefined });
        return result;
      } catch (error) {
        set({ error: describeError(error) });
        return undefined;
      }
    }

    async function refreshPermissions(): Promise<void> {
      const permissions = await client.request('pri(permissions.list)').catch(() => undefined);
      if (permissions) set({ permissions });
    }

    function onQueueEvent(event: QueueEvent): void {
      if (event.type === 'requests') set({ requests: event.requests });
      else if (event.type === 'answered') {
        set((state) => ({
          outcomes: { ...state.outcomes, [event.outcome.id]: event.outcome },
          requests: state.requests.filter((r) => r.id !== event.outcome.id),
        }));
      } else if (isSessionView(event.progress)) {
        const view = event.progress;
        set((state) => ({ sessions: upsertSession(state.sessions, view) }));
      }
    }

    return {
      accounts: [],
      requests: [],
      sessions: [],
      history: [],
      permissions: [],
      outcomes: {},
      onboarding: false,
      unlockAllowedAt: 0,
      loading: true,

      applySnapshot(snapshot) {
        set((state) => {
          const vault = snapshot.vault ?? state.vault;
          const accounts = snapshot.accounts ?? state.accounts;
          const empty =
            vault !== undefined && (!vault.initialised || (vault.unlocked && accounts.length === 0));
          return {
            ...snapshot,
            onboarding: state.onboarding || empty,
            ...(snapshot.vault?.retryAfterMs !== undefined
              ? {
                  unlockAllowedAt:
                    snapshot.vault.retryAfterMs > 0 ? Date.now() + snapshot.vault.retryAfterMs : 0,
                }
              : {}),
          };
        });
      },

      async refresh() {
        try {
          const [status, vault, settings, accounts, requests, permissions] = await Promise.all([
            client.request('pri(wallet.status)'),
            client.request('pri(vault.status)'),
            client.request('pri(settings.get)'),
            client.request('pri(accounts.list)'),
            client.request('pri(requests.list)'),
            client.request('pri(permissions.list)'),
          ]);
          set({ status, permissions, loading: false });
          get().applySnapshot({ vault, settings, accounts, requests });
        } catch (error) {
          set({ error: describeError(error), loading: false });
        }
      },

      connect(pollMs = 5000) {
        const queue = client.subscribe('pri(requests.subscribe)', undefined, (event) =>
          onQueueEvent(event as QueueEvent),
        );
        queue.result.catch((error: unknown) => set({ error: describeError(error) }));
        // The vault locks itself after idle time; polling its status keeps the popup honest about it.
        const timer = setInterval(() => {
          void client
            .request('pri(vault.status)')
            .then((vault) => get().applySnapshot({ vault }))
            .catch(() => undefined);
        }, pollMs);
        return () => {
          clearInterval(timer);
          queue.unsubscribe();
        };
      },

      dismissError() {
        set({ error: undefined });
      },

      async updateSettings(patch) {
        const settings = await attempt(() => client.request('pri(settings.update)', patch));
        if (!settings) return false;
        set((state) => ({
          settings,
          status: state.status && { ...state.status, endpoint: settings.endpoint },
        }));
        return true;
      },

      async createVault(password) {
        const vault = await attempt(() => client.request('pri(vault.create)', { password }));
        if (vault) get().applySnapshot({ vault });
        return vault !== undefined;
      },

      async unlock(password) {
        try {
          const vault = await client.request('pri(vault.unlock)', { password });
          set({ error: undefined });
          get().applySnapshot({ vault });
          await get().refresh();
          return true;
        } catch (error) {
          set({ error: describeError(error) });
          // A wrong password starts a back-off; the unlock screen counts it down.
          const vault = await client.request('pri(vault.status)').catch(() => undefined);
          if (vault) get().applySnapshot({ vault });
          return false;
        }
      },

      async lock() {
        const vault = await attempt(() => client.request('pri(vault.lock)'));
        if (vault) get().applySnapshot({ vault });
      },

      async setAutoLock(minutes) {
        const vault = await attempt(() => client.request('pri(vault.setAutoLock)', { minutes }));
        if (vault) get().applySnapshot({ vault });
        return vault !== undefined;
      },

      async generateMnemonic() {
        return (await attempt(() => client.request('pri(accounts.generateMnemonic)')))?.mnemonic;
      },

      async createAccount(name, mnemonic) {
        const account = await attempt(() => client.request('pri(accounts.create)', { name, mnemonic }));
        if (account) {
          set((state) => ({
            accounts: [...state.accounts.filter((a) => a.address !== account.address), account],
          }));
        }
        return account;
      },

      async importBackup(file, password) {
        const imported = await attempt(() => client.request('pri(backup.import)', { file, password }));
        if (!imported) return false;
        const accounts = await attempt(() => client.request('pri(accounts.list)'));
        if (accounts) set({ accounts });
        return true;
      },

      exportBackup(password, backupPassword) {
        return attempt(() => client.request('pri(backup.export)', { password, backupPassword }));
      },

      startOnboarding() {
        set({ onboarding: true });
      },

      finishOnboarding() {
        set({ onboarding: false });
      },

      async approve(id, accounts) {
        const request = get().requests.find((r) => r.id === id);
        if (request?.kind === 'sign') set({ watching: id });
        const outcome = await attempt(() =>
          client.request('pri(requests.approve)', accounts ? { id, accounts } : { id }),
        );
        if (outcome) {
          set((state) => ({
            outcomes: { ...state.outcomes, [id]: outcome },
            requests: state.requests.filter((r) => r.id !== id),
            // Signed locally (no committee session): nothing to watch; a failure stays up to be read.
            watching:
              state.watching === id &&
              outcome.status === 'approved' &&
              !state.sessions.some((s) => s.requestId === id)
                ? undefined
                : state.watching,
          }));
        } else if (get().watching === id) set({ watching: undefined });
        if (request?.kind === 'authorize') await refreshPermissions();
        return outcome;
      },

      async reject(id) {
        const request = get().requests.find((r) => r.id === id);
        const outcome = await attempt(() => client.request('pri(requests.reject)', { id }));
        if (outcome) {
          set((state) => ({
            outcomes: { ...state.outcomes, [id]: outcome },
            requests: state.requests.filter((r) => r.id !== id),
          }));
        }
        if (request?.kind === 'authorize') await refreshPermissions();
        return outcome;
      },

      stopWatching() {
        set({ watching: undefined });
      },

      async revoke(origin) {
        const permissions = await attempt(() => client.request('pri(permissions.revoke)', { origin }));
        if (permissions) set({ permissions });
        return permissions !== undefined;
      },
    };
  });
}
