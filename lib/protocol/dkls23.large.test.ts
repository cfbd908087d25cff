import { randomBytes } from '@noble/curves/utils.js';
import { describe, it } from 'vitest';
import { expectValid, partyIds, runDkg, runSigning } from './testHarness';

// The larger groups run once each (a DKG costs ~κ base OTs per ordered pair); kept in their own file
// so Vitest can run them alongside the other protocol tests.
describe('DKLs23 with larger groups', () => {
  it.each([5, 6])('n = %i: DKG and signing', async (n) => {
    const shares = [...runDkg(partyIds(n)).values()];
    const hash = randomBytes(32);
    await expectValid(shares, runSigning(shares, hash), hash);
  });
});
