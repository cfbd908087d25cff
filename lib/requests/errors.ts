import { WalletError, registerError } from '../errors';

type Options = ConstructorParameters<typeof WalletError>[1];

/** EIP-1193 4001: the user said no. */
export class UserRejected extends WalletError {
  constructor(message = 'The user rejected the request', options: Options = {}) {
    super(message, { code: 'USER_REJECTED', ...options });
  }
}
registerError(UserRejected);

/** A request of this kind from this origin is already waiting for the user (-32002, as other wallets). */
export class RequestPending extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'REQUEST_PENDING', ...options });
  }
}
registerError(RequestPending);

/** The origin made too many requests recently (-32005). `details.retryAfterMs` says when to try again. */
export class RateLimited extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'RATE_LIMITED', ...options });
  }
}
registerError(RateLimited);

/** No such pending request: never queued, or already answered. */
export class RequestNotFound extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'REQUEST_NOT_FOUND', ...options });
  }
}
registerError(RequestNotFound);

/** A service the request needs (accounts, signer) is not available in this background yet. */
export class ServiceUnavailable extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'SERVICE_UNAVAILABLE', ...options });
  }
}
registerError(ServiceUnavailable);

/** The account has no registered Entropy key, so it cannot sign EVM requests yet. */
export class AccountNotRegistered extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'ACCOUNT_NOT_REGISTERED', ...options });
  }
}
registerError(AccountNotRegistered);

/** The worker stopped while the request was being answered; its signing session died with it. */
export class WorkerRestarted extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'WORKER_RESTARTED', ...options });
  }
}
registerError(WorkerRestarted);
