/**
 * Typed errors shared by every part of the wallet and the devnet servers.
 *
 * Errors cross process boundaries (page ↔ content ↔ background ↔ popup, server ↔ client) as plain
 * `SerializedError` objects and are rebuilt into the same class on the other side, so callers can
 * branch on `instanceof` or `code` instead of parsing messages.
 */
export interface SerializedError {
  name: string;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export class WalletError extends Error {
  readonly code: string;
  readonly details?: Record<string, unknown>;

  constructor(
    message: string,
    options: { code?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? 'WALLET_ERROR';
    this.details = options.details;
  }

  toJSON(): SerializedError {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

// `never` accepts every subclass's own options type; deserializeError passes { code, details }.
type ErrorClass = new (message: string, options?: never) => WalletError;
type ErrorFactory = new (
  message: string,
  options: { code: string; details?: Record<string, unknown> },
) => WalletError;
const registry = new Map<string, ErrorClass>();

/** Lets `deserializeError` rebuild this class by name on the other side of a boundary. */
export function registerError(cls: ErrorClass): void {
  registry.set(cls.name, cls);
}
registerError(WalletError);

export function serializeError(error: unknown): SerializedError {
  if (error instanceof WalletError) return error.toJSON();
  if (error instanceof Error) return { name: 'WalletError', code: 'INTERNAL', message: error.message };
  return { name: 'WalletError', code: 'INTERNAL', message: String(error) };
}

export function deserializeError(value: unknown): WalletError {
  if (typeof value !== 'object' || value === null)
    return new WalletError('Malformed error', { code: 'INTERNAL' });
  const v = value as Partial<SerializedError>;
  const cls = ((typeof v.name === 'string' && registry.get(v.name)) ||
    WalletError) as unknown as ErrorFactory;
  return new cls(typeof v.message === 'string' ? v.message : 'Unknown error', {
    code: typeof v.code === 'string' ? v.code : 'INTERNAL',
    details: typeof v.details === 'object' && v.details !== null ? v.details : undefined,
  });
}
