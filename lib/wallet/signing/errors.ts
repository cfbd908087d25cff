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

/**
 * This device holds an older setup of the account's link with a signing group than the group does:
 * the account was restored (or its link set up again) on another device, which is now the live one.
 */
export class ShareRestoredElsewhere extends WalletError {
  constructor(
    message = 'This account was restored on another device; restore it here again to sign',
    options: Options = {},
  ) {
    super(message, { code: 'SHARE_RESTORED_ELSEWHERE', ...options });
  }
}
registerError(ShareRestoredElsewhere);
