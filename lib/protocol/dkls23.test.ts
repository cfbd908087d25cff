import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, randomBytes } from '@noble/curves/utils.js';
import { publicKeyToAddress } from 'viem/accounts';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSigning, decodeKeyShare, encodeKeyShare, ethereumAddress } from './index';
import type { KeyShare } from './index';
import { runLocally } from './simulate';
import { expectValid, partyIds, runDkg, runSigning } from './testHarness';

describe('DKLs23 DKG and signing', () => {
  it('n = 2: several DKGs with random keys, several signatures each', async () => {
    const keys = new Set<string>();
    for (let run = 0; run < 2; run++) {
      const dkg = runDkg(partyIds(2));
      const shares = partyIds(2).map((p) => dkg.get(p)!);
      expect(new Set(shares.map((s) => bytesToHex(s.verifyingKey))).size).toBe(1);
      keys.add(bytesToHex(shares[0]!.verifyingKey));
      // Σ pk_j is the verifying key, Σ sk_i its secret key (only a test can add the shares up).
      const vk = secp256k1.Point.fromBytes(shares[0]!.verifyingKey);
      const sum = shares[0]!.publicShares.map((p) => secp256k1.Point.fromBytes(p)).reduce((a, b) => a.add(b));
      expect(sum.equals(vk)).toBe(true);
      const sk = shares.reduce((acc, s) => (acc + s.secretShare) % secp256k1.Point.Fn.ORDER, 0n);
      expect(secp256k1.Point.BASE.multiply(sk).equals(vk)).toBe(true);
      expect(ethereumAddress(shares[0]!.verifyingKey)).toBe(publicKeyToAddress(`0x${vk.toHex(false)}`));
      for (let k = 0; k < 2; k++) {
        const hash = randomBytes(32);
        await expectValid(shares, runSigning(shares, hash), hash);
      }
    }
    expect(keys.size).toBe(2);
  });

  it('n = 4: DKG and signing', async () => {
    const shares = [...runDkg(partyIds(4)).values()];
    const hash = randomBytes(32);
    await expectValid(shares, runSigning(shares, hash), hash);
  });

  describe('n = 3 (user and two signing groups)', () => {
    const parties = ['user', 'group-0', 'group-1'];
    let shares: KeyShare[];

    beforeAll(() => {
      const dkg = runDkg(parties);
      shares = parties.map((p) => dkg.get(p)!);
    });

    it('signs several messages', async () => {
      for (let k = 0; k < 3; k++) {
        const hash = randomBytes(32);
        await expectValid(shares, runSigning(shares, hash), hash);
      }
    });

    it('a share copied (encoded, decoded) to another group member signs in a fresh machine', async () => {
      const copy = decodeKeyShare(encodeKeyShare(shares[1]!));
      expect(bytesToHex(encodeKeyShare(copy))).toBe(bytesToHex(encodeKeyShare(shares[1]!)));
      const group = [shares[0]!, copy, shares[2]!];
      const hash = randomBytes(32);
      const sessionId = randomBytes(32);
      const sigs = runLocally(
        new Map(
          group.map((share) => [
            share.partyId,
            createSigning({ sessionId, share, parties, messageHash: hash }),
          ]),
        ),
      );
      await expectValid(group, sigs, hash);
    });

    it('reports progress and who is missing', () => {
      const sessionId = randomBytes(32);
      const hash = randomBytes(32);
      const [m0, m1] = shares.map((share) => createSigning({ sessionId, share, parties, messageHash: hash }));
      expect(m0!.round).toBe(0);
      expect(m0!.totalRounds).toBe(3);
      m0!.start();
      const out1 = m1!.start();
      expect(m0!.round).toBe(1);
      expect(m0!.waitingFor()).toEqual(['group-0', 'group-1']);
      const toUser = out1.find((m) => m.to === 'user')!;
      expect(m0!.handle({ from: 'group-0', payload: toUser.payload }).messages).toEqual([]);
      expect(m0!.waitingFor()).toEqual(['group-1']);
      expect(m0!.done).toBe(false);
    });
  });
});
