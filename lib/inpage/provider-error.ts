import { WalletError } from '../errors';
import { toProviderRpcError, type ProviderRpcErrorShape } from '../ethereum/errors';

/** The error an EIP-1193 `request` rejects with: `code` is what dApps and viem branch on. */
export class ProviderRpcError extends Error {
  readonly code: number;
  readonly data?: ProviderRpcErrorShape['data'];

  constructor({ code, message, data }: ProviderRpcErrorShape) {
    super(message);
    this.name = 'ProviderRpcError';
    this.code = code;
    this.data = data;
  }
}

export function toProviderError(error: unknown): ProviderRpcError {
  if (error instanceof WalletError) return new ProviderRpcError(toProviderRpcError(error));
  return new ProviderRpcError({
    code: -32603,
    message: error instanceof Error ? error.message : String(error),
  });
}
