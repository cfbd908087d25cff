import {
  hashMessage,
  hashTypedData,
  keccak256,
  parseTransaction,
  serializeTransaction,
  validateTypedData,
  type Hex,
  type TransactionSerializable,
  type TypedDataDefinition,
} from 'viem';
import { TssError } from './errors';

export interface ParsedEvmTx {
  /** keccak256 of the unsigned serialised transaction: the hash the committee signs. */
  sigHash: Hex;
  /** The recipient, lower-case; null for contract creation. */
  to: Hex | null;
}

/**
 * Parses an unsigned EVM transaction (any type viem knows) and computes its signing hash. The bytes
 * must be the canonical serialisation, so the hash the chain saw is the hash of what we evaluate.
 */
export function parseEvmTransaction(transactionRequest: Hex): ParsedEvmTx {
  let parsed: TransactionSerializable;
  try {
    parsed = parseTransaction(transactionRequest) as TransactionSerializable;
  } catch (cause) {
    throw new TssError(
      `transactionRequest is not an EVM transaction: ${(cause as Error).message.split('\n')[0]}`,
      {
        code: 'BAD_REQUEST',
        details: { field: 'transactionRequest' },
        cause,
      },
    );
  }
  if ('r' in parsed || 'signature' in parsed) {
    throw new TssError('transactionRequest must be unsigned', { details: { field: 'transactionRequest' } });
  }
  const canonical = serializeTransaction(parsed);
  if (canonical.toLowerCase() !== transactionRequest.toLowerCase()) {
    throw new TssError('transactionRequest is not in canonical form', {
      details: { field: 'transactionRequest' },
    });
  }
  return { sigHash: keccak256(transactionRequest), to: parsed.to ? (parsed.to.toLowerCase() as Hex) : null };
}

// The rules themselves live in lib/wallet/constraint-rules.ts: the wallet checks them before it pays for a
// signature request, so both sides must judge alike.
export { evaluateEvmConstraints } from '../../lib/wallet/constraint-rules';

/** What `/user/tx` may carry besides a transaction, each hashed by the validator itself. */
export type Signable =
  | { arch: 'evm'; sigHash: Hex; to: Hex | null }
  | { arch: 'message' | 'typed-data'; sigHash: Hex }
  | { arch: 'hash'; sigHash: Hex };

const HEX = /^0x([0-9a-fA-F]{2})*$/;
const MAX_MESSAGE_BYTES = 64 * 1024;

function hexField(value: unknown, field: string, exactBytes?: number): Hex {
  if (typeof value !== 'string' || !HEX.test(value) || (value.length - 2) / 2 > MAX_MESSAGE_BYTES) {
    throw new TssError(`${field} must be 0x hex`, { details: { field } });
  }
  if (exactBytes !== undefined && value.length !== 2 + exactBytes * 2) {
    throw new TssError(`${field} must be ${exactBytes} bytes`, { details: { field } });
  }
  return value as Hex;
}

/**
 * Hashes what the user asks to sign exactly as the wallet does, so the hash the chain announced is proven to be
 * of this content: EVM transactions (keccak of the unsigned serialisation), EIP-191 messages, EIP-712 typed
 * data, or a bare hash (which proves nothing about its content).
 */
export function parseSignable(body: Record<string, unknown>): Signable {
  switch (body.arch) {
    case 'evm': {
      const tx = parseEvmTransaction(hexField(body.transactionRequest, 'transactionRequest'));
      return { arch: 'evm', ...tx };
    }
    case 'message':
      return { arch: 'message', sigHash: hashMessage({ raw: hexField(body.message, 'message') }) };
    case 'typed-data': {
      try {
        const typedData = body.typedData as TypedDataDefinition;
        validateTypedData(typedData);
        return { arch: 'typed-data', sigHash: hashTypedData(typedData) };
      } catch (cause) {
        throw new TssError(
          `typedData is not valid EIP-712 data: ${(cause as Error).message.split('\n')[0]}`,
          {
            details: { field: 'typedData' },
            cause,
          },
        );
      }
    }
    case 'hash':
      return { arch: 'hash', sigHash: hexField(body.hash, 'hash', 32) };
    default:
      throw new TssError('arch must be "evm", "message", "typed-data" or "hash"', {
        details: { field: 'arch' },
      });
  }
}

export { evaluateConstraints } from '../../lib/wallet/constraint-rules';
