import { WalletError, registerError } from '../errors';

/**
 * A TSS server refused a request or could not be reached. `details.status` is the HTTP status (0 when
 * unreachable), `details.endpoint` the server, and `details.reason` the server's own typed error.
 */
export class TssClientError extends WalletError {
  constructor(
    message: string,
    options: { code?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { ...options, code: options.code ?? 'TSS_REQUEST_FAILED' });
  }
}
registerError(TssClientError);
