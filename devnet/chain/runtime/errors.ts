import { WalletError, registerError } from '../../../lib/errors';

/**
 * A transaction the pool refuses, answered as Substrate does: JSON-RPC error `code`
 * (1010 invalid, 1011 unknown validity, 1012 banned, 1013 already imported, 1014 priority too low,
 * 1001 undecodable) with `message` and the reason in `data`.
 */
export class TransactionRejected extends WalletError {
  constructor(message: string, options: { code?: string; details?: Record<string, unknown> } = {}) {
    super(message, { ...options, code: options.code ?? 'TX_REJECTED' });
  }

  static invalid(reason: string): TransactionRejected {
    return new TransactionRejected('Invalid Transaction', { details: { rpcCode: 1010, data: reason } });
  }

  static unknown(reason: string): TransactionRejected {
    return new TransactionRejected('Unknown Transaction Validity', {
      details: { rpcCode: 1011, data: reason },
    });
  }

  static other(rpcCode: number, message: string, data?: string): TransactionRejected {
    return new TransactionRejected(message, { details: { rpcCode, data } });
  }

  get rpcCode(): number {
    return Number(this.details?.rpcCode ?? 1010);
  }

  get data(): string | undefined {
    const d = this.details?.data;
    return typeof d === 'string' ? d : undefined;
  }
}
registerError(TransactionRejected);

/** Substrate's `InvalidTransaction` reasons, worded as a node's RPC reports them. */
export const INVALID = {
  badProof: 'Transaction has a bad signature',
  stale: 'Transaction is outdated',
  future: 'Transaction will be valid in the future',
  payment: 'Inability to pay some fees (e.g. account balance too low)',
  ancientBirthBlock: 'Transaction has an ancient birth block',
  badSigner: 'Invalid signing address',
  call: 'Transaction call is not expected',
  exhaustsResources: 'Transaction would exhaust the block limits',
} as const;

/** A dispatch that failed: the call's writes are rolled back and `System.ExtrinsicFailed` is emitted. */
export class DispatchFailure extends Error {
  /** `DispatchError` in @polkadot/types JSON form, e.g. `{ Module: { index, error } }` or `'BadOrigin'`. */
  constructor(
    readonly dispatchError: unknown,
    readonly label: string,
  ) {
    super(label);
  }
}
