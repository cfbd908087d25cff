import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, randomBytes } from '@noble/curves/utils.js';
import { publicKeyToAddress } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { createSigning, decodeKeyShare, encodeKeyShare, ethereumAddress } from './index';
import { runLocally } from './simulate';
import { expectValid, partyIds, runDkg, runSigning } from './testHarness';

describe('DKLs23 DKG and signing', () => {
  it('n = 2: several DKGs with random keys, several signatures each', async () => {
    for (let run = 0; run < 3; run++) {
      const shares = [...runDkg(partyIds(2)).values()];
      expect(new Set(shares.map((s) => bytesToHex(s.verifyingKey))).size).toBe(1);
      for (let k = 0; k < 2; k++) {
        const hash = randomBytes(32);
        await expectValid(shares, runSigning(shares, hash), hash);
      }
    }
  });

  it.each([3, 4])('n = %i: DKG and signing', async (n) => {
    const shares = [...runDkg(partyIds(n)).values()];
    const hash = randomBytes(32);
    await expectValid(shares, runSigning(shares, hash), hash);
  });

  it('the verifying key is the sum of the public shares and matches viem’s address derivation', () => {
    const shares = [...runDkg(partyIds(2)).values()];
    const vk = secp256k1.Point.fromBytes(shares[0]!.verifyingKey);
    const sum = shares[0]!.publicShares.map((p) => secp256k1.Point.fromBytes(p)).reduce((a, b) => a.add(b));
    expect(sum.equals(vk)).toBe(true);
    // Σ sk_i is the secret key of the verifying key (only a test can add the shares up).
    const sk = shares.reduce((acc, s) => (acc + s.secretShare) % secp256k1.Point.Fn.ORDER, 0n);
    expect(secp256k1.Point.BASE.multiply(sk).equals(vk)).toBe(true);
    expect(ethereumAddress(shares[0]!.verifyingKey)).toBe(publicKeyToAddress(`0x${vk.toHex(false)}`));
  });

  it('a share copied (encoded, decoded) to another group member signs in a fresh machine', async () => {
    const original = runDkg(['user', 'group-0', 'group-1']);
    const copy = decodeKeyShare(encodeKeyShare(original.get('group-0')!));
    expect(bytesToHex(encodeKeyShare(copy))).toBe(bytesToHex(encodeKeyShare(original.get('group-0')!)));
    const shares = [original.get('user')!, copy, original.get('group-1')!];
    const hash = randomBytes(32);
    const sessionId = randomBytes(32);
    const parties = ['user', 'group-0', 'group-1'];
    const sigs = runLocally(
      new Map(
        shares.map((share) => [
          share.partyId,
          createSigning({ sessionId, share, parties, messageHash: hash }),
        ]),
      ),
    );
    await expectValid(shares, sigs, hash);
  });

  it('reports progress and who is missing', () => {
    const dkg = runDkg(partyIds(3));
    const parties = partyIds(3);
    const shares = parties.map((p) => dkg.get(p)!);
    const sessionId = randomBytes(32);
    const machines = shares.map((share) =>
      createSigning({ sessionId, share, parties, messageHash: randomBytes(32) }),
    );
    const [m0, m1] = machines as [ReturnType<typeof createSigning>, ReturnType<typeof createSigning>];
    expect(m0.round).toBe(0);
    expect(m0.totalRounds).toBe(3);
    m0.start();
    const out1 = m1.start();
    expect(m0.round).toBe(1);
    expect(m0.waitingFor()).toEqual(['party-1', 'party-2']);
    const toM0 = out1.find((m) => m.to === 'party-0')!;
    expect(m0.handle({ from: 'party-1', payload: toM0.payload }).messages).toEqual([]);
    expect(m0.waitingFor()).toEqual(['party-2']);
    expect(m0.done).toBe(false);
  });
});
