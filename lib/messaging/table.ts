/**
 * Every request that crosses into the background, in one table.
 *
 * `pub(...)` requests may come from pages (through the content script); `pri(...)` requests only from the
 * extension's own pages (the popup). The router enforces the prefix against the sender it actually saw.
 */
import type { InjectedAccount } from '@polkadot/extension-inject/types';
import type { EntropySignParams, EntropySignResult, PageState } from '../inpage/protocol';
import type { OriginPermission } from '../permissions/store';
import type { PendingRequest, RequestOutcome } from '../requests/types';
import type { Settings } from '../settings/types';
import type { Constraints } from '../chain/entropy';
import type { ProtocolBackends } from '../protocol';
import type { SnapshotUpdate, WalletSnapshot } from '../background/types';
import type { AccountInfo } from '../wallet/accounts/types';
import type { HistoryEntry } from '../wallet/history';
import type { RecoveryPreview, RestoreProgress } from '../wallet/recovery/restore';
import type { RegistrationProgress } from '../wallet/registration/session';
import type { SigningSessionView } from '../wallet/signing/view';
import type { VaultStatus } from '../wallet/vault/vault';

export interface WalletStatus {
  name: string;
  version: string;
  /** The chain endpoint the wallet talks to. */
  endpoint: string;
  /** What computes the threshold protocol here: WebAssembly, or the slower JavaScript where it is unavailable. */
  engine: ProtocolBackends;
}

/** What any page may learn: never the network endpoint (a private RPC URL may carry an API key). */
export interface PageStatus {
  name: string;
  version: string;
  /** The origin the background attributed the request to, taken from the browser's sender info. */
  origin: string;
}

export interface RequestTable {
  'pub(wallet.status)': { params: undefined; result: PageStatus };
  'pri(wallet.status)': { params: undefined; result: WalletStatus };
  'pri(settings.get)': { params: undefined; result: Settings };
  'pri(settings.update)': { params: Partial<Settings>; result: Settings };
  // Vault and accounts: popup only, secrets never reach a page (lib/wallet/vault, lib/wallet/accounts).
  'pri(vault.status)': { params: undefined; result: VaultStatus };
  'pri(vault.create)': { params: { password: string }; result: VaultStatus };
  'pri(vault.unlock)': { params: { password: string }; result: VaultStatus };
  'pri(vault.lock)': { params: undefined; result: VaultStatus };
  'pri(vault.touch)': { params: undefined; result: VaultStatus };
  'pri(vault.setAutoLock)': { params: { minutes: number }; result: VaultStatus };
  'pri(vault.changePassword)': { params: { current: string; next: string }; result: VaultStatus };
  'pri(accounts.list)': { params: undefined; result: AccountInfo[] };
  'pri(accounts.generateMnemonic)': { params: undefined; result: { mnemonic: string } };
  'pri(accounts.create)': { params: { name: string; mnemonic: string }; result: AccountInfo };
  'pri(accounts.rename)': { params: { address: string; name: string }; result: AccountInfo };
  /** The wallet password is asked again: removal deletes the account's keys from this device. */
  'pri(accounts.remove)': { params: { address: string; password: string }; result: null };
  'pri(accounts.exportMnemonic)': {
    params: { address: string; password: string };
    result: { mnemonic: string };
  };
  'pri(backup.export)': {
    params: { password: string; backupPassword: string; addresses?: string[] };
    result: { file: string; fileName: string };
  };
  'pri(backup.import)': { params: { file: string; password: string }; result: AccountInfo[] };
  // Pages (lib/inpage) and the approval queue (lib/requests, lib/permissions); docs/providers.md.
  'pub(authorize.request)': { params: undefined; result: PageState };
  /** Subscription: pushes PageState whenever the origin's accounts, permission or chain change. */
  'pub(page.events)': { params: undefined; result: null };
  'pub(substrate.accounts)': { params: undefined; result: InjectedAccount[] };
  'pub(substrate.signPayload)': { params: Record<string, unknown>; result: { signature: `0x${string}` } };
  'pub(substrate.signRaw)': {
    params: { address: string; data: string; type?: string };
    result: { signature: `0x${string}` };
  };
  'pub(eth.request)': { params: { method: string; params?: unknown }; result: unknown };
  'pub(entropy.verifyingKey)': { params: { address: string }; result: `0x${string}` };
  /** Pushes EntropyProgressEvent while signing. */
  'pub(entropy.sign)': { params: EntropySignParams; result: EntropySignResult };
  'pri(requests.list)': { params: undefined; result: PendingRequest[] };
  /** Subscription: pushes QueueEvent (lib/requests/types) until the popup closes. */
  'pri(requests.subscribe)': { params: undefined; result: null };
  'pri(requests.approve)': { params: { id: string; accounts?: string[] }; result: RequestOutcome };
  'pri(requests.reject)': { params: { id: string }; result: RequestOutcome };
  'pri(permissions.list)': { params: undefined; result: OriginPermission[] };
  'pri(permissions.revoke)': { params: { origin: string }; result: OriginPermission[] };
  /** Pushes a SnapshotUpdate (all of it first) now and on every change; resolves when the popup closes. */
  'pri(state.subscribe)': { params: undefined; result: null };
  'pri(state.get)': { params: undefined; result: WalletSnapshot };
  'pri(sessions.list)': { params: undefined; result: SigningSessionView[] };
  'pri(history.list)': { params: undefined; result: HistoryEntry[] };
  /** Pushes RegistrationProgress events while it runs. */
  'pri(accounts.register)': {
    params: { address: string; constraintAccount?: string; constraints?: Constraints };
    result: AccountInfo;
  };
  // Recovery from the phrase (lib/wallet/recovery, docs/vault.md): the account and its threshold key.
  /** What the phrase would restore on this network; reads the chain, writes nothing. */
  'pri(recovery.preview)': { params: { mnemonic: string }; result: RecoveryPreview };
  /** Imports the phrase's account with its key; pushes RestoreProgress while it runs. */
  'pri(recovery.restore)': { params: { name: string; mnemonic: string }; result: AccountInfo };
  /** Restores the key of an account already here (after another device restored it); pushes RestoreProgress. */
  'pri(recovery.restoreAccount)': { params: { address: string }; result: AccountInfo };
  /** Sends native tokens (planck, decimal string) with `balances.transferKeepAlive`; resolves once in a block. */
  'pri(balances.transfer)': {
    params: { from: string; to: string; amount: string };
    result: { blockNumber: number; blockHash: string };
  };
  /**
   * Sends ETH, or a token configured for the chain (`token`), from an account's Ethereum address on the
   * selected EVM chain, as eth_sendTransaction: resolves once the request waits for the user's approval.
   */
  'pri(eth.send)': {
    params: { from: string; to: string; amount: string; token?: string };
    result: { queued: true };
  };
  'pri(constraints.get)': { params: { address: string }; result: Constraints };
  'pri(constraints.update)': { params: { address: string; constraints: Constraints }; result: Constraints };
}

export type {
  RecoveryPreview,
  RegistrationProgress,
  RestoreProgress,
  Settings,
  SnapshotUpdate,
  WalletSnapshot,
};

export type Method = keyof RequestTable;
export type ParamsOf<M extends Method> = RequestTable[M]['params'];
export type ResultOf<M extends Method> = RequestTable[M]['result'];

export type SenderKind = 'page' | 'popup';

export function senderKindFor(method: string): SenderKind | undefined {
  if (method.startsWith('pub(')) return 'page';
  if (method.startsWith('pri(')) return 'popup';
  return undefined;
}
