import { randomBytes } from '@noble/hashes/utils.js';
import { describe, expect, it, vi } from 'vitest';
import * as ec from './ecWasm';
import { ProtocolError } from './errors';
import { checkKeyShare, decodeKeyShare, encodeKeyShare, type KeyShare } from './keyShare';
import { assertCanSign } from './signing';
import { syntheticShare } from './testHarness';

// Counts libsecp256k1's base multiplications: the public-value check is the only caller here.
vi.mock('./ecWasm', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./ecWasm')>();
  return { ...actual, mulBase: vi.fn(actual.mulBase) };
});

/** Parties a, b and c; this one is a's. */
const share = (): KeyShare => syntheticShare(['a', 'b', 'c']);

function reasonOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return (error as ProtocolError).details.reason;
  }
  return undefined;
}

describe("a key share's public values are checked once per share object, again when they change", () => {
  const multiplications = () => vi.mocked(ec.mulBase).mock.calls.length;

  it('checks them at the first use only, while they stay as checked', () => {
    const s = share();
    const before = multiplications();
    checkKeyShare(s);
    assertCanSign(s, randomBytes(32));
    checkKeyShare(s);
    expect(multiplications() - before).toBe(1);
    // Another object with the same values is checked for itself.
    checkKeyShare({ ...s });
    expect(multiplications() - before).toBe(2);
  });

  it('takes a decoded share as checked: decoding made the same checks', () => {
    const decoded = decodeKeyShare(encodeKeyShare(share()));
    const before = multiplications();
    checkKeyShare(decoded);
    expect(multiplications()).toBe(before);
    decoded.secretShare += 1n;
    expect(reasonOf(() => checkKeyShare(decoded))).toBe('secretShare does not match its public share');
  });

  it('refuses a share whose values were changed in place after a passed check', () => {
    const s = share();
    checkKeyShare(s);
    s.secretShare += 1n;
    expect(reasonOf(() => assertCanSign(s, randomBytes(32)))).toBe(
      'secretShare does not match its public share',
    );
    s.secretShare -= 1n;
    expect(reasonOf(() => checkKeyShare(s))).toBeUndefined();

    const other = share();
    const kept = s.publicShares[1]!;
    s.publicShares[1] = other.publicShares[1]!;
    expect(reasonOf(() => checkKeyShare(s))).toBe('public shares do not sum to the verifying key');
    s.publicShares[1] = kept;
    s.verifyingKey[1]! ^= 1;
    expect(reasonOf(() => checkKeyShare(s))).toMatch(
      /^(verifyingKey is not a compressed point|public shares do not sum to the verifying key)$/,
    );
    s.verifyingKey[1]! ^= 1;
    s.parties.reverse();
    expect(reasonOf(() => checkKeyShare(s))).toBe('parties must be sorted and unique');
    s.parties.reverse();
    s.partyId = 'b';
    expect(reasonOf(() => checkKeyShare(s))).toBe('secretShare does not match its public share');
  });
});
