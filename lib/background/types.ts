/**
 * The background's types others import: the popup's snapshot (carried by lib/messaging's table) and the
 * services the request executor is given. Types only, so importing them pulls in no background module.
 */
import type { Hex } from 'viem';
import type { EvmBalances } from '../ethereum/balances';
import type { OriginPermission } from '../permissions/store';
import type { PendingRequest, SigningProgress } from '../requests/types';
import type { Settings } from '../settings/types';
import type { UserTxRequest } from '../tss/types';
import type { Accounts } from '../wallet/accounts/accounts';
import type { AccountInfo } from '../wallet/accounts/types';
import type { AccountBalance } from '../wallet/balances';
import type { HistoryEntry } from '../wallet/history';
import type { NetworkStatus } from '../wallet/network';
import type { SigningSessionView } from '../wallet/signing/view';
import type { VaultStatus } from '../wallet/vault/vault';

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
  /** The registered accounts' ETH and token balances on the selected EVM chain, while a popup follows them. */
  evm: EvmBalances | null;
}

/**
 * What `pri(state.subscribe)` pushes: the parts of the snapshot read anew, and the signing views that
 * changed since the last push (each its request's newest, in the order they changed), which the popup
 * applies to its list with `keepView` — a signing's progress sends its own view, not all kept ones.
 */
export type SnapshotUpdate = Partial<WalletSnapshot> & { sessionViews?: SigningSessionView[] };

/** The part of lib/wallet/accounts the page-facing handlers use (`pair` needs an unlocked vault). */
export type AccountsService = Pick<Accounts, 'list' | 'pair'>;

/** The threshold signing orchestrator (lib/wallet/signing), called once the user approved a request. */
export interface ApprovedRequestSigner {
  signHash(
    input: {
      requestId: string;
      account: string;
      sigHash: Hex;
      delivery: UserTxRequest;
      /** Must resolve before anything is submitted (lib/wallet/signing's `SignHashInput.precheck`). */
      precheck?: Promise<unknown>;
    },
    onProgress: (event: SigningProgress) => void,
  ): Promise<Uint8Array>;
}
