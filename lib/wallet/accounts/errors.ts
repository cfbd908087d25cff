import { WalletError, registerError } from '../../errors';

type Options = ConstructorParameters<typeof WalletError>[1];

/** No account with this address (`details.address`). */
export class AccountNotFound extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'ACCOUNT_NOT_FOUND', ...options });
  }
}
registerError(AccountNotFound);

/** The mnemonic's account is already in the wallet (`details.address`). */
export class AccountExists extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'ACCOUNT_EXISTS', ...options });
  }
}
registerError(AccountExists);

/** Not a valid BIP-39 mnemonic (wrong words, count or checksum). */
export class InvalidMnemonic extends WalletError {
  constructor(message = 'This is not a valid recovery phrase', options: Options = {}) {
    super(message, { code: 'INVALID_MNEMONIC', ...options });
  }
}
registerError(InvalidMnemonic);

/** An account name or registration record that is not acceptable (`details.field`). */
export class InvalidAccountData extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'INVALID_ACCOUNT_DATA', ...options });
  }
}
registerError(InvalidAccountData);

/** The backup file is not one we can read: not JSON, wrong format or version, or damaged contents. */
export class BackupInvalid extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'BACKUP_INVALID', ...options });
  }
}
registerError(BackupInvalid);

/** The backup password does not decrypt the file (or its ciphertext was altered). */
export class WrongBackupPassword extends WalletError {
  constructor(message = 'Wrong backup password, or the file was altered', options: Options = {}) {
    super(message, { code: 'WRONG_BACKUP_PASSWORD', ...options });
  }
}
registerError(WrongBackupPassword);
