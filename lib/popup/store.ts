import { createStore, type StoreApi } from 'zustand/vanilla';
import { WalletError } from '../errors';
import type { Constraints } from '../chain/entropy';
import {
  Disconnected,
  type MessageClient,
  type RecoveryPreview,
  type RegistrationProgress,
  type RestoreProgress,
  type Settings,
  type WalletStatus,
} from '../messaging';
import type { EvmBalances } from '../ethereum/balances';
import type { AccountBalance } from '../wallet/balances';
import type { NetworkStatus } from '../wallet/network';
import type { OriginPermission } from '../permissions/store';
import type { PendingRequest, RequestOutcome } from '../requests/types';
import type { AccountInfo } from '../wallet/accounts/types';
import { keepView } from '../wallet/signing/kept';
import type { SigningSessionView } from '../wallet/signing/view';
import type {
  AccountScreen,
  HomeTab,
  ErrorView,
  HistoryEntry,
  Outcome,
  RegistrationInput,
  RegistrationView,
  RestoreView,
  SnapshotUpdate,
  WalletSnapshot,
} from './types';

export interface WalletState {
  status?: WalletStatus;
  vault?: WalletSnapshot['vault'];
  accounts: AccountInfo[];
  requests: PendingRequest[];
  sessions: SigningSessionView[];
  history: HistoryEntry[];
  settings?: Settings;
  permissions: OriginPermission[];
  /** The chain connection as the background reports it (the header's indicator). */
  network?: NetworkStatus;
  /** Native balances by address, live while the popup is open. */
  balances: Record<string, AccountBalance>;
  /** ETH and token balances on the selected EVM chain, live while the popup is open. */
  evm: EvmBalances | null;
  /** The port to the service worker: `reconnecting` between a worker stop and the next snapshot. */
  connection: 'connected' | 'reconnecting';
  /** The Home tab shown (kept here so a banner knows when the user moved on). */
  homeTab: HomeTab;
  /** Answers to requests approved or rejected from this popup, by request id. */
  outcomes: Record<string, RequestOutcome>;
  /** The signing request whose progress the user is watching after approving it. */
  watching?: string;
  /** When the background accepts the next password attempt (epoch ms), after wrong ones. */
  unlockAllowedAt: number;
  /** True from the first sight of an empty wallet until the user finishes onboarding. */
  onboarding: boolean;
  /**
   * True while the vault is being created: the worker may publish it initialised and still locked in
   * between, which must not swap onboarding for the unlock screen (and lose onboarding's step).
   */
  creatingVault: boolean;
  /** The account being registered from the Accounts tab (onboarding registers its own). */
  registering?: string;
  registration?: RegistrationView;
  /** The running or last restore from a recovery phrase (import, or an account's key again). */
  restore?: RestoreView;
  /** The account screen open over the tabs (constraints, recovery phrase, removal). */
  accountScreen?: AccountScreen;
  /** The Accounts tab button that opened the last account screen, focused again when it closes. */
  returnFocus?: AccountScreen;
  /** The last error the background reported, in words for the user. */
  error?: ErrorView;
  loading: boolean;

  refresh(): Promise<void>;
  /** Mirrors the background's pushed snapshots until the returned function is called. */
  connect(): () => void;
  /** A pushed update: its parts replace the state's, its changed signing views are applied to `sessions`. */
  applySnapshot(update: SnapshotUpdate): void;
  dismissError(): void;
  /** The port to the worker closed (`reconnecting`) or a new one answered (`connected`). */
  setConnection(connection: WalletState['connection']): void;
  showTab(tab: HomeTab): void;
  /** Tells the background the user is active (at most every 30 s), so auto-lock counts idle time only. */
  touch(): void;
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
  /** Opens registration for an existing account; `undefined` closes it. */
  showRegistration(address: string | undefined): void;
  register(input: RegistrationInput): Promise<AccountInfo | undefined>;
  /** What a phrase would restore on this network (account, registration, Ethereum address). */
  previewRecovery(mnemonic: string): Promise<Outcome<RecoveryPreview>>;
  /** Imports the phrase's account with its key; progress per signing group in `restore`. */
  restoreFromPhrase(name: string, mnemonic: string): Promise<AccountInfo | undefined>;
  /** Restores an account's key on this device again from its stored phrase. */
  restoreAccountKey(address: string): Promise<AccountInfo | undefined>;
  approve(id: string, accounts?: string[]): Promise<RequestOutcome | undefined>;
  reject(id: string): Promise<RequestOutcome | undefined>;
  stopWatching(): void;
  revoke(origin: string): Promise<boolean>;
  /** Opens an account screen; `undefined` closes it. */
  showAccountScreen(screen: AccountScreen | undefined): void;
  // The requests below answer their own screen: a refusal is that form's error, not the popup's.
  /** The account's constraints as the chain has them now. */
  readConstraints(address: string): Promise<Outcome<Constraints>>;
  /** Submits new constraints and resolves once the chain has them, with what it now holds. */
  updateConstraints(address: string, constraints: Constraints): Promise<Outcome<Constraints>>;
  /** The recovery phrase for the screen that shows it; it is never kept in the store. */
  exportMnemonic(address: string, password: string): Promise<Outcome<string>>;
  removeAccount(address: string, password: string): Promise<Outcome<null>>;
  renameAccount(address: string, name: string): Promise<Outcome<AccountInfo>>;
  /** Sends `amount` (smallest unit) from one of the wallet's accounts; resolves once it is in a block. */
  transfer(from: string, to: string, amount: bigint): Promise<Outcome<{ blockNumber: number }>>;
  /**
   * Sends ETH (or `token`) from an account's Ethereum address on the selected EVM chain; resolves once the
   * request waits for approval (shown next, like a site's).
   */
  sendEvm(from: string, to: string, amount: bigint, token?: string): Promise<Outcome<{ queued: true }>>;
  /** The EVM chain the home screen shows (and sites start on). */
  selectEvmChain(chainId: number): Promise<boolean>;
  changePassword(current: string, next: string): Promise<Outcome<null>>;
}

export type WalletStore = StoreApi<WalletState>;

const TOUCH_INTERVAL_MS = 30_000;

export function describeError(error: unknown): ErrorView {
  if (error instanceof WalletError) {
    return { message: error.message, code: error.code, ...(error.details ? { details: error.details } : {}) };
  }
  return { message: error instanceof Error ? error.message : String(error), code: 'INTERNAL' };
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

    /** Runs one request for a form, which shows its own refusal. */
    async function outcome<T>(run: () => Promise<T>): Promise<Outcome<T>> {
      try {
        return { ok: true, value: await run() };
      } catch (error) {
        return { ok: false, error: describeError(error) };
      }
    }

    let lastTouch = 0;

    function onRestoreProgress(event: unknown): void {
      const { at: _at, ...progress } = event as RestoreProgress;
      set({ restore: progress });
    }

    /** Mirrors a restore's progress; the restored account replaces (or joins) the list. */
    async function followRestore(subscription: { result: Promise<AccountInfo> }) {
      set({ restore: { step: 'discover' }, error: undefined });
      try {
        const account = await subscription.result;
        set((state) => ({
          accounts: [...state.accounts.filter((a) => a.address !== account.address), account],
        }));
        return account;
      } catch (error) {
        set((state) => ({
          restore: {
            step: 'failed',
            error: describeError(error),
            ...(state.restore && 'preview' in state.restore && state.restore.preview
              ? { preview: state.restore.preview }
              : {}),
          },
        }));
        return undefined;
      }
    }

    async function refreshSnapshot(): Promise<void> {
      const snapshot = await client.request('pri(state.get)').catch(() => undefined);
      if (snapshot) get().applySnapshot(snapshot);
    }

    function answered(id: string, outcome: RequestOutcome): void {
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
    }

    return {
      accounts: [],
      requests: [],
      sessions: [],
      history: [],
      permissions: [],
      balances: {},
      evm: null,
      connection: 'connected',
      homeTab: 'accounts',
      outcomes: {},
      onboarding: false,
      creatingVault: false,
      unlockAllowedAt: 0,
      loading: true,

      applySnapshot(update) {
        set((state) => {
          const { sessionViews, ...snapshot } = update;
          if (sessionViews)
            snapshot.sessions = sessionViews.reduce(keepView, snapshot.sessions ?? state.sessions);
          const vault = snapshot.vault ?? state.vault;
          const accounts = snapshot.accounts ?? state.accounts;
          const empty =
            vault !== undefined && (!vault.initialised || (vault.unlocked && accounts.length === 0));
          const retry = snapshot.vault?.retryAfterMs;
          return {
            ...snapshot,
            onboarding: state.onboarding || empty,
            ...(retry !== undefined ? { unlockAllowedAt: retry > 0 ? Date.now() + retry : 0 } : {}),
          };
        });
      },

      async refresh() {
        try {
          const [status, snapshot] = await Promise.all([
            client.request('pri(wallet.status)'),
            client.request('pri(state.get)'),
          ]);
          set({ status, loading: false });
          get().applySnapshot(snapshot);
        } catch (error) {
          set({ error: describeError(error), loading: false });
        }
      },

      connect() {
        const subscription = client.subscribe('pri(state.subscribe)', undefined, (snapshot) => {
          get().applySnapshot(snapshot as SnapshotUpdate);
          if (get().connection !== 'connected') set({ connection: 'connected' });
        });
        subscription.result.catch((error: unknown) => {
          // A stopped worker is not the user's problem: the connection reopens and subscribes again.
          if (!(error instanceof Disconnected)) set({ error: describeError(error) });
        });
        return subscription.unsubscribe;
      },

      dismissError() {
        set({ error: undefined });
      },

      setConnection(connection) {
        set({ connection });
      },

      showTab(homeTab) {
        set({ homeTab });
      },

      touch() {
        const now = Date.now();
        if (!get().vault?.unlocked || now - lastTouch < TOUCH_INTERVAL_MS) return;
        lastTouch = now;
        void client.request('pri(vault.touch)').catch(() => undefined);
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
        set({ creatingVault: true });
        try {
          const vault = await attempt(() => client.request('pri(vault.create)', { password }));
          if (vault) get().applySnapshot({ vault });
          return vault !== undefined;
        } finally {
          set({ creatingVault: false });
        }
      },

      async unlock(password) {
        try {
          const vault = await client.request('pri(vault.unlock)', { password });
          set({ error: undefined });
          get().applySnapshot({ vault });
          await refreshSnapshot();
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
        await refreshSnapshot();
        return true;
      },

      exportBackup(password, backupPassword) {
        return attempt(() => client.request('pri(backup.export)', { password, backupPassword }));
      },

      startOnboarding() {
        set({ onboarding: true });
      },

      finishOnboarding() {
        set({ onboarding: false, registration: undefined });
      },

      showRegistration(address) {
        set({ registering: address, registration: undefined });
      },

      async register({ address, constraintAccount, constraints }) {
        set({ registration: { step: 'submit' }, error: undefined });
        const { result } = client.subscribe(
          'pri(accounts.register)',
          { address, constraintAccount, constraints },
          (event) => {
            const { at: _at, ...progress } = event as RegistrationProgress;
            set({ registration: progress });
          },
        );
        try {
          const account = await result;
          set((state) => ({
            accounts: state.accounts.map((a) => (a.address === account.address ? account : a)),
            registration: {
              step: 'done',
              ethAddress: account.registration?.ethAddress,
              committee: state.registration?.step === 'failed' ? undefined : state.registration?.committee,
            },
          }));
          return account;
        } catch (error) {
          set({ registration: { step: 'failed', error: describeError(error) } });
          return undefined;
        }
      },

      previewRecovery(mnemonic) {
        return outcome(() => client.request('pri(recovery.preview)', { mnemonic }));
      },

      restoreFromPhrase(name, mnemonic) {
        return followRestore(
          client.subscribe('pri(recovery.restore)', { name, mnemonic }, onRestoreProgress),
        );
      },

      restoreAccountKey(address) {
        return followRestore(
          client.subscribe('pri(recovery.restoreAccount)', { address }, onRestoreProgress),
        );
      },

      async approve(id, accounts) {
        const request = get().requests.find((r) => r.id === id);
        if (request?.kind === 'sign') set({ watching: id });
        const outcome = await attempt(() =>
          client.request('pri(requests.approve)', accounts ? { id, accounts } : { id }),
        );
        if (outcome) answered(id, outcome);
        else if (get().watching === id) set({ watching: undefined });
        return outcome;
      },

      async reject(id) {
        const outcome = await attempt(() => client.request('pri(requests.reject)', { id }));
        if (outcome) answered(id, outcome);
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

      showAccountScreen(screen) {
        set((state) => ({
          accountScreen: screen,
          returnFocus: screen ? undefined : state.accountScreen,
          error: undefined,
        }));
      },

      readConstraints(address) {
        return outcome(() => client.request('pri(constraints.get)', { address }));
      },

      updateConstraints(address, constraints) {
        return outcome(() => client.request('pri(constraints.update)', { address, constraints }));
      },

      async exportMnemonic(address, password) {
        const answer = await outcome(() =>
          client.request('pri(accounts.exportMnemonic)', { address, password }),
        );
        return answer.ok ? { ok: true, value: answer.value.mnemonic } : answer;
      },

      async removeAccount(address, password) {
        const answer = await outcome(() => client.request('pri(accounts.remove)', { address, password }));
        if (answer.ok) {
          // The screen closes at once; the next snapshot says the same. No account left means onboarding.
          get().applySnapshot({ accounts: get().accounts.filter((a) => a.address !== address) });
          set({ accountScreen: undefined, returnFocus: undefined });
        }
        return answer;
      },

      async renameAccount(address, name) {
        const answer = await outcome(() => client.request('pri(accounts.rename)', { address, name }));
        if (answer.ok) {
          set((state) => ({
            accounts: state.accounts.map((a) => (a.address === address ? answer.value : a)),
          }));
        }
        return answer;
      },

      transfer(from, to, amount) {
        return outcome(() =>
          client.request('pri(balances.transfer)', { from, to, amount: amount.toString() }),
        );
      },

      sendEvm(from, to, amount, token) {
        return outcome(() =>
          client.request('pri(eth.send)', {
            from,
            to,
            amount: amount.toString(),
            ...(token === undefined ? {} : { token }),
          }),
        );
      },

      selectEvmChain(chainId) {
        return get().updateSettings({ defaultEvmChainId: chainId });
      },

      async changePassword(current, next) {
        const answer = await outcome(() => client.request('pri(vault.changePassword)', { current, next }));
        if (!answer.ok) return answer;
        get().applySnapshot({ vault: answer.value });
        return { ok: true, value: null };
      },
    };
  });
}
