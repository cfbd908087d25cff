import { WalletError, registerError } from '../../errors';

type Options = ConstructorParameters<typeof WalletError>[1];

/** The phrase's account is not registered with Entropy on this network: there is no key to restore. */
export class NotRegistered extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'NOT_REGISTERED', ...options });
  }
}
registerError(NotRegistered);

/**
 * The account was registered before phrase recovery (its share was random, or the chain kept no public
 * shares for it): the phrase cannot restore its key, only a backup file can.
 */
export class KeyNotFromPhrase extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'KEY_NOT_FROM_PHRASE', ...options });
  }
}
registerError(KeyNotFromPhrase);

/** What the chain holds for the registration is inconsistent (public shares do not sum to the key). */
export class RegistrationInvalid extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'REGISTRATION_INVALID', ...options });
  }
}
registerError(RegistrationInvalid);

/** A signing group refused (or could not complete) setting up its link with the restored share. */
export class RestoreFailed extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'RESTORE_FAILED', ...options });
  }
}
registerError(RestoreFailed);
