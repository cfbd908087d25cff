/**
 * `1,000.5 BITS`: an amount in the chain's smallest unit, shown in whole tokens with up to `maxDecimals`
 * decimals (never rounded up to more than the account holds: truncated, with `…` when digits were cut).
 */
export function formatAmount(
  planck: bigint | string,
  decimals: number,
  symbol: string,
  maxDecimals = 4,
): string {
  const value = BigInt(planck);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const base = 10n ** BigInt(decimals);
  const whole = (abs / base).toLocaleString('en-US');
  const fraction = (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  const shown = fraction.slice(0, maxDecimals);
  const cut = fraction.length > shown.length ? '…' : '';
  return `${negative ? '-' : ''}${whole}${shown ? `.${shown}` : ''}${cut} ${symbol}`;
}

/** Parses `12.5` (whole tokens, as typed) into the smallest unit; undefined when it is not an amount. */
export function parseAmount(text: string, decimals: number): bigint | undefined {
  const match = /^\s*(\d{1,30})(?:[.,](\d+))?\s*$/.exec(text);
  if (!match) return undefined;
  const [, whole, fraction = ''] = match;
  if (fraction.length > decimals) return undefined;
  return BigInt(whole!) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}
