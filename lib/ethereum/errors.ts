import { WalletError, registerError, type SerializedError } from '../errors';

type Options = ConstructorParameters<typeof WalletError>[1];

/** EIP-1193 4200: the provider does not support (or has disabled) the method. */
export class UnsupportedMethod extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'UNSUPPORTED_METHOD', ...options });
  }
}
registerError(UnsupportedMethod);

/** JSON-RPC -32602: the method's parameters are malformed; `details.param` names the culprit. */
export class InvalidParams extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'INVALID_PARAMS', ...options });
  }
}
registerError(InvalidParams);

/** EIP-3326 4902: `wallet_switchEthereumChain` to a chain the wallet is not configured for. */
export class UnrecognizedChain extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'UNRECOGNIZED_CHAIN', ...options });
  }
}
registerError(UnrecognizedChain);

/** The signature the signer returned does not recover to the account it was asked to sign for. */
export class SignatureMismatch extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'SIGNATURE_MISMATCH', ...options });
  }
}
registerError(SignatureMismatch);

/** EIP-1193 4901: the chain's RPC endpoint did not answer (down, unreachable, too slow or too large). */
export class ChainUnavailable extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'CHAIN_UNAVAILABLE', ...options });
  }
}
registerError(ChainUnavailable);

/**
 * The chain's node answered a request with an error (a revert, a bad nonce…). Pages get the node's own
 * `{ code, message, data }` (`details.rpcCode`, `details.rpcData`), as if they had asked the node.
 */
export class ChainRpcError extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'CHAIN_RPC_ERROR', ...options });
  }
}
registerError(ChainRpcError);

/** The account cannot pay the value plus the transaction's maximum fee (the node's -32000). */
export class InsufficientFunds extends WalletError {
  constructor(message: string, options: Options = {}) {
    super(message, { code: 'INSUFFICIENT_FUNDS', ...options });
  }
}
registerError(InsufficientFunds);

/** Wallet error codes → EIP-1193 / EIP-1474 numeric codes. Anything else is -32603 (internal). */
const PROVIDER_CODES: Record<string, number> = {
  USER_REJECTED: 4001,
  // The account's constraints refuse it (the wallet's check or the validators'): EIP-1474 "transaction
  // rejected", not 4001 — the user did not say no. `data.details.constraint` names the constraint.
  CONSTRAINT_VIOLATION: -32003,
  INSUFFICIENT_FUNDS: -32000,
  CHAIN_UNAVAILABLE: 4901,
  UNAUTHORIZED: 4100,
  UNSUPPORTED_METHOD: 4200,
  UNKNOWN_REQUEST: 4200,
  DISCONNECTED: 4900,
  UNRECOGNIZED_CHAIN: 4902,
  INVALID_PARAMS: -32602,
  INVALID_REQUEST: -32600,
  REQUEST_PENDING: -32002,
  RATE_LIMITED: -32005,
};

/** The `{ code, message, data }` object EIP-1193 says a rejected `request` carries. */
export interface ProviderRpcErrorShape {
  code: number;
  message: string;
  /** The wallet's error (name, code, details) — or, for a node's own error passed through, the node's data. */
  data?: { name: string; code: string; details?: Record<string, unknown> } | unknown;
}

export function toProviderRpcError(error: SerializedError | WalletError): ProviderRpcErrorShape {
  const serialized = error instanceof WalletError ? error.toJSON() : error;
  const rpcCode = serialized.details?.rpcCode;
  if (serialized.code === 'CHAIN_RPC_ERROR' && typeof rpcCode === 'number') {
    return {
      code: rpcCode,
      message: serialized.message,
      ...(serialized.details?.rpcData === undefined ? {} : { data: serialized.details.rpcData }),
    };
  }
  return {
    code: PROVIDER_CODES[serialized.code] ?? -32603,
    message: serialized.message,
    data: {
      name: serialized.name,
      code: serialized.code,
      ...(serialized.details ? { details: serialized.details } : {}),
    },
  };
}
