import { WalletError, registerError } from '../errors';

type Options = ConstructorParameters<typeof WalletError>[1];

/** The chain endpoint cannot be reached (or dropped and did not come back in time). */
export class ChainUnavailable extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'CHAIN_UNAVAILABLE', ...options });
  }
}
registerError(ChainUnavailable);

/** Something expected on chain did not happen within the allowed number of blocks or time. */
export class ChainTimeout extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'CHAIN_TIMEOUT', ...options });
  }
}
registerError(ChainTimeout);

/** The chain refused a transaction before including it (bad signature, stale nonce, no funds …). */
export class TransactionInvalid extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'TRANSACTION_INVALID', ...options });
  }
}
registerError(TransactionInvalid);

/** The transaction was included but its call failed; `details.error` is the pallet's error name. */
export class ExtrinsicFailed extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'EXTRINSIC_FAILED', ...options });
  }
}
registerError(ExtrinsicFailed);

/** The endpoint answers, but the chain behind it is not an Entropy network (its pallets are missing). */
export class NotEntropyChain extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'NOT_ENTROPY_CHAIN', ...options });
  }
}
registerError(NotEntropyChain);
