import {
  keccak256,
  parseTransaction,
  serializeTransaction,
  type Hex,
  type TransactionSerializable,
} from 'viem';
import type { Acl, Constraints } from '../../lib/chain';
import type { ConstraintResult } from '../../lib/tss';
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

function evaluateAcl(name: string, acl: Acl, to: Hex | null): ConstraintResult {
  if (to === null) {
    return acl.allowNullRecipient
      ? { constraint: name, ok: true, reason: 'contract creation is allowed' }
      : { constraint: name, ok: false, reason: 'contract creation (no recipient) is not allowed' };
  }
  const listed = acl.addresses.some((a) => a.toLowerCase() === to);
  if (acl.kind === 'Allow') {
    return listed
      ? { constraint: name, ok: true, reason: `recipient ${to} is on the allow list` }
      : { constraint: name, ok: false, reason: `recipient ${to} is not on the allow list` };
  }
  return listed
    ? { constraint: name, ok: false, reason: `recipient ${to} is on the deny list` }
    : { constraint: name, ok: true, reason: `recipient ${to} is not on the deny list` };
}

/** Every EVM constraint the account has, each with its verdict (none set: nothing to refuse). */
export function evaluateEvmConstraints(constraints: Constraints, to: Hex | null): ConstraintResult[] {
  return constraints.evmAcl ? [evaluateAcl('evmAcl', constraints.evmAcl, to)] : [];
}
