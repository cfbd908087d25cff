import type { Constraints } from '../chain/entropy';
import type { RecoveryPreview, RestoreProgress } from '../wallet/recovery/restore';
import type { RegistrationProgress } from '../wallet/registration/session';

export type { SnapshotUpdate, WalletSnapshot } from '../messaging';
export type { HistoryEntry } from '../wallet/history';

/** An error as the popup shows it: words first, the technical part behind a disclosure. */
export interface ErrorView {
  message: string;
  code: string;
  details?: Record<string, unknown>;
}

/** Registration as the popup shows it: the background's progress events, or how it failed. */
export type RegistrationView =
  Omit<RegistrationProgress, 'at'> | { step: 'failed'; error: ErrorView; ethAddress?: undefined };

/** A restore from the recovery phrase as the popup shows it: progress per signing group, or how it failed. */
export type RestoreView =
  Omit<RestoreProgress, 'at'> | { step: 'failed'; error: ErrorView; preview?: RecoveryPreview };

/** What registration asks for: who may change the constraints, and the first EVM allow/deny list. */
export interface RegistrationInput {
  address: string;
  constraintAccount: string;
  constraints: Required<Pick<Constraints, 'evmAcl'>>;
}

/** What one request to the background came to: its answer, or the refusal in words. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ErrorView };

/** The screens that manage one account, opened from the Accounts tab. */
export interface AccountScreen {
  address: string;
  screen: 'constraints' | 'recovery-phrase' | 'restore-key' | 'backup' | 'remove' | 'receive' | 'send';
}

export type HomeTab = 'accounts' | 'history' | 'settings';
