import { WalletError, registerError } from '../../lib/errors';

/**
 * Why the TSS server refused or abandoned something.
 *
 * - `BAD_REQUEST`: the input is malformed (HTTP 400).
 * - `UNAUTHORIZED`: a signature or sender check failed (HTTP 401/403).
 * - `NOT_MEMBER`: this server (or the caller) is not in the session's committee (HTTP 403).
 * - `NOT_FOUND`: no such session, share or signature (HTTP 404).
 * - `CONFLICT`: the request contradicts what the chain or the session already holds (HTTP 409).
 * - `BUSY`: the sender has too much under way here already — e.g. another signing run of the account,
 *   which runs one at a time (HTTP 429); it may retry later.
 * - `STALE_SHARE`: a share or pair older than the one held here, or of its generation with the larger
 *   setup id (`replicas.ts`) (HTTP 409).
 * - `CONSTRAINT_VIOLATION`: the account's constraints refuse the transaction (HTTP 403).
 * - `SESSION_FAILED`: a protocol session failed or timed out; `details` names who and why.
 * - `STORAGE`: the at-rest store is unreadable (wrong password, corrupted record).
 * - `CHAIN`: the chain refused or could not be reached.
 * - `CONFIG`: bad command-line options.
 */
export type TssErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'NOT_MEMBER'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'BUSY'
  | 'STALE_SHARE'
  | 'CONSTRAINT_VIOLATION'
  | 'SESSION_FAILED'
  | 'STORAGE'
  | 'CHAIN'
  | 'CONFIG';

export class TssError extends WalletError {
  constructor(
    message: string,
    options: { code?: TssErrorCode; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { ...options, code: options.code ?? 'BAD_REQUEST' });
  }
}
registerError(TssError);

const STATUS: Record<string, number> = {
  BAD_REQUEST: 400,
  MALFORMED: 400,
  UNAUTHORIZED: 401,
  BAD_SIGNATURE: 401,
  BAD_SENDER: 403,
  BAD_KEY: 400,
  WRONG_RECIPIENT: 400,
  WRONG_SESSION: 400,
  DECRYPT_FAILED: 400,
  STALE: 400,
  STALE_SHARE: 409,
  NOT_MEMBER: 403,
  CONSTRAINT_VIOLATION: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BUSY: 429,
  SESSION_FAILED: 409,
  CHAIN: 502,
  STORAGE: 500,
};

/** The HTTP status a typed error maps to; unknown errors are the server's fault. */
export function httpStatus(error: unknown): number {
  if (error instanceof WalletError) return STATUS[error.code] ?? 500;
  return 500;
}
