import { WalletError, registerError } from '../../errors';

type Options = ConstructorParameters<typeof WalletError>[1];

/** The operation needs the unlocked vault. */
export class VaultLocked extends WalletError {
  constructor(message = 'The wallet is locked', options: Options = {}) {
    super(message, { code: 'VAULT_LOCKED', ...options });
  }
}
registerError(VaultLocked);

/** No wallet password has been set yet (first run). */
export class VaultNotInitialised extends WalletError {
  constructor(message = 'The wallet has not been set up yet', options: Options = {}) {
    super(message, { code: 'VAULT_NOT_INITIALISED', ...options });
  }
}
registerError(VaultNotInitialised);

/** `create` on a wallet that already has a password. */
export class VaultAlreadyInitialised extends WalletError {
  constructor(message = 'The wallet already has a password', options: Options = {}) {
    super(message, { code: 'VAULT_ALREADY_INITIALISED', ...options });
  }
}
registerError(VaultAlreadyInitialised);

/** The password does not open the vault. `details.retryAfterMs`: how long until the next attempt is accepted. */
export class WrongPassword extends WalletError {
  constructor(message = 'Wrong password', options: Options = {}) {
    super(message, { code: 'WRONG_PASSWORD', ...options });
  }
}
registerError(WrongPassword);

/** Too soon after a wrong password; the password was not checked. `details.retryAfterMs` says how long to wait. */
export class UnlockThrottled extends WalletError {
  constructor(message = 'Too many wrong passwords; wait before trying again', options: Options = {}) {
    super(message, { code: 'UNLOCK_THROTTLED', ...options });
  }
}
registerError(UnlockThrottled);

/** A new password that does not meet the minimum (`details.minLength`). */
export class WeakPassword extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'WEAK_PASSWORD', ...options });
  }
}
registerError(WeakPassword);

/** Stored vault data failed to decrypt or parse with the right key: tampered with or damaged. */
export class VaultCorrupt extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'VAULT_CORRUPT', ...options });
  }
}
registerError(VaultCorrupt);
