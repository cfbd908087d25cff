import { describe, expect, it } from 'vitest';
import { formatAmount, parseAmount } from './units';

describe('token amounts', () => {
  it('shows whole tokens with grouping, trailing zeros dropped, extra digits cut (never rounded up)', () => {
    expect(formatAmount(10_000_000_000_000n, 10, 'BITS')).toBe('1,000 BITS');
    expect(formatAmount('15000000000', 10, 'BITS')).toBe('1.5 BITS');
    expect(formatAmount(19_999_999_999n, 10, 'BITS')).toBe('1.9999… BITS');
    expect(formatAmount(1n, 10, 'BITS')).toBe('0.0000… BITS');
    expect(formatAmount(0n, 10, 'BITS')).toBe('0 BITS');
  });

  it('parses typed amounts exactly and refuses what is not one', () => {
    expect(parseAmount('12.5', 10)).toBe(125_000_000_000n);
    expect(parseAmount('0,0000000001', 10)).toBe(1n);
    expect(parseAmount('1', 10)).toBe(10_000_000_000n);
    for (const bad of ['', 'abc', '1.2.3', '-1', '0.00000000001', '1e5'])
      expect(parseAmount(bad, 10)).toBeUndefined();
  });
});
