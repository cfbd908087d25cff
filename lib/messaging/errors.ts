import { WalletError, registerError } from '../errors';

/** The receiver has no handler for this request type. */
export class UnknownRequest extends WalletError {
  constructor(message: string, options: ConstructorParameters<typeof WalletError>[1] = {}) {
    super(message, { code: 'UNKNOWN_REQUEST', ...options });
  }
}
registerError(UnknownRequest);

/** The request's envelope or parameters are not what the table says. */
export class InvalidRequest extends WalletError {
  constructor(message: string, options: ConstructorParameters<typeof WalletError>[1] = {}) {
    super(message, { code: 'INVALID_REQUEST', ...options });
  }
}
registerError(InvalidRequest);

/** The caller is not allowed to make this request (wrong kind of sender, or origin not authorised). */
export class Unauthorized extends WalletError {
  constructor(message: string, options: ConstructorParameters<typeof WalletError>[1] = {}) {
    super(message, { code: 'UNAUTHORIZED', ...options });
  }
}
registerError(Unauthorized);

/** The other end went away (tab closed, worker restarted) before answering. */
export class Disconnected extends WalletError {
  constructor(message: string, options: ConstructorParameters<typeof WalletError>[1] = {}) {
    super(message, { code: 'DISCONNECTED', ...options });
  }
}
registerError(Disconnected);

/** A page has too many requests waiting for an answer (-32005, like the queue's `RateLimited`). */
export class TooManyPageRequests extends WalletError {
  constructor(message: string, options: ConstructorParameters<typeof WalletError>[1] = {}) {
    super(message, { code: 'RATE_LIMITED', ...options });
  }
}
registerError(TooManyPageRequests);
