import { describe, expect, it } from 'vitest';
import { InvalidRequest } from '../messaging/errors';
import { MAX_ACL_ADDRESSES, parseConstraints } from './constraints';

const A = '0x000000000000000000000000000000000000dEaD';

describe('parseConstraints', () => {
  it('normalises an EVM allow list and drops duplicates', () => {
    expect(parseConstraints({ evmAcl: { addresses: [A, A.toLowerCase()], kind: 'Allow' } })).toEqual({
      evmAcl: { addresses: [A.toLowerCase()], kind: 'Allow', allowNullRecipient: false },
    });
    expect(parseConstraints(undefined)).toEqual({});
  });

  it('refuses wrong kinds, bad addresses and overlong lists with the field named', () => {
    expect(() => parseConstraints({ evmAcl: { addresses: [A], kind: 'Maybe' } })).toThrow(/evmAcl.kind/);
    expect(() => parseConstraints({ evmAcl: { addresses: ['0x1234'], kind: 'Deny' } })).toThrow(
      InvalidRequest,
    );
    expect(() => parseConstraints({ btcAcl: { addresses: [A], kind: 'Deny' } })).toThrow(/32-byte/);
    const many = Array.from(
      { length: MAX_ACL_ADDRESSES + 1 },
      (_, i) => `0x${i.toString(16).padStart(40, '0')}`,
    );
    expect(() => parseConstraints({ evmAcl: { addresses: many, kind: 'Allow' } })).toThrow(/at most 25/);
    expect(() => parseConstraints([1])).toThrow(InvalidRequest);
  });
});
