import { WalletError, registerError } from '../../errors';

type Options = ConstructorParameters<typeof WalletError>[1];

/**
 * The committee refused the transaction under the account's constraints. `details.verdicts` lists every
 * validator's answer with each constraint's result and reason.
 */
export class ConstraintViolation extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'CONSTRAINT_VIOLATION', ...options });
  }
}
registerError(ConstraintViolation);

/** Signing did not produce a signature after the allowed attempts; `details` says who was blamed. */
export class SigningFailed extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'SIGNING_FAILED', ...options });
  }
}
registerError(SigningFailed);

/** The account has no key share on this device (not registered here, or restored without it). */
export class KeyShareMissing extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'KEY_SHARE_MISSING', ...options });
  }
}
registerError(KeyShareMissing);

/**
 * A pair of the key share (us and a signing group) was discarded after a failed check, and no server of
 * that group completed a fresh OT setup with us; `details.failures` says what each answered.
 */
export class OtSetupFailed extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'OT_SETUP_FAILED', ...options });
  }
}
registerError(OtSetupFailed);
