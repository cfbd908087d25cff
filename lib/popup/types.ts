import type { SerializedError } from '../errors';
import type { Settings } from '../messaging';
import type { PendingRequest, RequestDisplay } from '../requests/types';
import type { AccountInfo } from '../wallet/accounts/types';
import type { SigningSessionView } from '../wallet/signing/view';
import type { VaultStatus } from '../wallet/vault/vault';

/** One answered request, as the background records it (docs/popup.md). */
export interface HistoryEntry {
  id: string;
  origin: string;
  account?: string;
  kind: RequestDisplay['kind'];
  summary: string;
  outcome: 'signed' | 'authorised' | 'rejected' | 'failed';
  signature?: `0x${string}`;
  error?: SerializedError;
  at: number;
}

/** Everything the popup shows, as `pri(state.subscribe)` pushes it (wallet-api.md). */
export interface WalletSnapshot {
  vault: Pick<VaultStatus, 'initialised' | 'unlocked' | 'autoLockMinutes'> & { retryAfterMs?: number };
  accounts: AccountInfo[];
  requests: PendingRequest[];
  sessions: SigningSessionView[];
  history: HistoryEntry[];
  settings: Settings;
}

/** An error as the popup shows it: words first, the technical part behind a disclosure. */
export interface ErrorView {
  message: string;
  code: string;
  details?: Record<string, unknown>;
}

/** Registration progress as the registration flow reports it (lib/wallet/registration). */
export interface RegistrationView {
  step: 'submit' | 'committee' | 'dkg' | 'confirm' | 'done' | 'failed';
  blockNumber?: number;
  committee?: { group: number; endpoint: string; tssAccount: string }[];
  round?: number;
  totalRounds?: number;
  ethAddress?: `0x${string}`;
  error?: ErrorView;
}

/** What registration asks for: who may change the constraints, and the first EVM allow/deny list. */
export interface RegistrationInput {
  address: string;
  constraintAccount: string;
  evmAcl: { kind: 'Allow' | 'Deny'; addresses: `0x${string}`[]; allowNullRecipient: boolean };
}
