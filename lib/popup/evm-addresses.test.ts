import { describe, expect, it } from 'vitest';
import { describeProblems, parseEvmAddressList, sameAddresses } from './evm-addresses';

const CHECKSUMMED = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

describe('parseEvmAddressList', () => {
  it('takes checksummed, lowercase and uppercase hex, one per line or comma-separated, once each', () => {
    const text = `${CHECKSUMMED}\n${CHECKSUMMED.toLowerCase()}, 0x000000000000000000000000000000000000DEAD\n\n`;
    expect(parseEvmAddressList(text)).toEqual({
      addresses: [CHECKSUMMED, '0x000000000000000000000000000000000000dEaD'],
      problems: [],
    });
  });

  it('names each entry it cannot use: not an address, or a mixed-case one with a wrong checksum', () => {
    const typo = CHECKSUMMED.replace('C51812', 'c51812');
    const { addresses, problems } = parseEvmAddressList(`0x1234\n${typo}\nhello`);
    expect(addresses).toEqual([]);
    expect(problems).toEqual([
      { entry: '0x1234', reason: 'is not an Ethereum address (0x and 40 hex digits)' },
      { entry: typo, reason: 'has a wrong checksum: check it for a typo, or type it in lowercase' },
      { entry: 'hello', reason: 'is not an Ethereum address (0x and 40 hex digits)' },
    ]);
    expect(describeProblems(problems.slice(0, 1))).toBe(
      '0x1234 is not an Ethereum address (0x and 40 hex digits).',
    );
  });

  it('compares lists as sets of addresses', () => {
    expect(sameAddresses([CHECKSUMMED], [CHECKSUMMED.toLowerCase()])).toBe(true);
    expect(sameAddresses([CHECKSUMMED], [])).toBe(false);
    expect(sameAddresses([CHECKSUMMED, CHECKSUMMED], [CHECKSUMMED])).toBe(true);
  });
});
