/**
 * What the chain's refusals mean for the person who asked, in words; the node's own text stays in the
 * error's details. Matched on Substrate's standard messages (`InvalidTransaction` and pallet errors).
 */
const REFUSALS: [RegExp, (token: string) => string][] = [
  [
    /Inability to pay some fees/i,
    (token) => `This account has no ${token} to pay the fee — fund it from the faucet first.`,
  ],
  [
    /Transaction is outdated|Stale|Priority is too low/i,
    () => 'Another transaction from this account got in first. Try again.',
  ],
  [/bad signature/i, () => 'The chain did not accept the signature on this transaction.'],
  [
    /Transaction will be valid in the future/i,
    () => 'An earlier transaction from this account is still waiting. Try again in a moment.',
  ],
  [
    /ancient birth block|Transaction has an ancient/i,
    () => 'The transaction expired before it reached a block.',
  ],
];

const DISPATCH: Record<string, (token: string) => string> = {
  'balances.InsufficientBalance': (token) => `The account does not have enough ${token} for this amount.`,
  'balances.FundsUnavailable': (token) => `The account does not have enough ${token} for this amount.`,
  'balances.KeepAlive': () =>
    'This would leave the account below the minimum balance the chain keeps accounts alive with.',
  'balances.Expendability': () =>
    'This would leave the account below the minimum balance the chain keeps accounts alive with.',
  'balances.ExistentialDeposit': () =>
    'The amount is below the minimum balance a new account must receive (the existential deposit).',
};

/** The node's refusal of a transaction (before inclusion) in words, when it is one we know. */
export function refusalInWords(reason: string, token = 'BITS'): string | undefined {
  return REFUSALS.find(([pattern]) => pattern.test(reason))?.[1](token);
}

/** A failed dispatch (`pallet.Error`) in words, when it is one we know. */
export function dispatchErrorInWords(name: string, token = 'BITS'): string | undefined {
  return DISPATCH[name]?.(token);
}
