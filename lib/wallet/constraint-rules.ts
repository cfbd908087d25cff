import type { Acl, Constraints } from '../chain/entropy';
import type { ConstraintResult } from '../tss/types';

type Hex = `0x${string}`;

/**
 * What a request asks to sign, as far as the constraints care. The validators (devnet/tss/constraints.ts) and
 * the wallet (before it pays for `prepTransaction`) judge it with the same functions below.
 */
export type ConstraintSubject =
  { arch: 'evm'; to: Hex | null } | { arch: 'message' | 'typed-data' } | { arch: 'hash' };

function evaluateAcl(name: string, acl: Acl, to: Hex | null): ConstraintResult {
  if (to === null) {
    return acl.allowNullRecipient
      ? { constraint: name, ok: true, reason: 'contract creation is allowed' }
      : { constraint: name, ok: false, reason: 'contract creation (no recipient) is not allowed' };
  }
  const recipient = to.toLowerCase();
  const listed = acl.addresses.some((a) => a.toLowerCase() === recipient);
  if (acl.kind === 'Allow') {
    return listed
      ? { constraint: name, ok: true, reason: `recipient ${recipient} is on the allow list` }
      : { constraint: name, ok: false, reason: `recipient ${recipient} is not on the allow list` };
  }
  return listed
    ? { constraint: name, ok: false, reason: `recipient ${recipient} is on the deny list` }
    : { constraint: name, ok: true, reason: `recipient ${recipient} is not on the deny list` };
}

/** Every EVM constraint the account has, each with its verdict (none set: nothing to refuse). */
export function evaluateEvmConstraints(constraints: Constraints, to: Hex | null): ConstraintResult[] {
  return constraints.evmAcl ? [evaluateAcl('evmAcl', constraints.evmAcl, to)] : [];
}

/**
 * The account's constraints against what is to be signed. Recipient lists judge transactions; an EIP-191 or
 * EIP-712 signature can never be replayed as a transaction (their hashes are domain-separated), so lists do
 * not apply to them. A bare hash could be anything — a transaction the lists forbid included — so an account
 * with any constraint refuses it.
 */
export function evaluateConstraints(
  constraints: Constraints,
  subject: ConstraintSubject,
): ConstraintResult[] {
  if (subject.arch === 'evm') return evaluateEvmConstraints(constraints, subject.to);
  const set = (['evmAcl', 'btcAcl'] as const).filter((name) => constraints[name]);
  if (subject.arch === 'hash') {
    return set.map((name) => ({
      constraint: name,
      ok: false,
      reason: 'a bare hash cannot be checked against the account’s constraints',
    }));
  }
  return set.map((name) => ({
    constraint: name,
    ok: true,
    reason: `a signed ${subject.arch === 'message' ? 'message' : 'typed-data structure'} is not a transaction`,
  }));
}
