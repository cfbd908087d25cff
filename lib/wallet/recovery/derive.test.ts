import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, mnemonicToMiniSecret } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { pairFromMnemonic, x25519SecretFromMnemonic } from '../accounts/keys';
import { deriveUserShare, deriveUserShareFromSeed, SHARE_DOMAIN, type ShareContext } from './derive';

const PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
const OTHER_PHRASE = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const q = secp256k1.Point.Fn.ORDER;

describe('the user’s DKG share derived from the recovery phrase', () => {
  let context: ShareContext;

  beforeAll(async () => {
    await cryptoWaitReady();
    context = {
      account: pairFromMnemonic(PHRASE).publicKey,
      genesisHash: hexToU8a(`0x${'ab'.repeat(32)}`),
      registrationBlock: 42,
    };
  });

  it('is deterministic, a non-zero scalar below q, and pinned (a change would break every restore)', () => {
    const x = deriveUserShare(PHRASE, context);
    expect(deriveUserShare(PHRASE, { ...context })).toBe(x);
    expect(x > 0n && x < q).toBe(true);
    // Known answer, computed once with this implementation; it must never change.
    expect(u8aToHex(numberToBytesBE(x, 32))).toBe(
      '0x6224b33dc9c871fb1ced343d556de5beded9e5c861d1c56d5ac3e4ed43535de6',
    );
  });

  it('changes with the account, the chain, the registration and the phrase', () => {
    const x = deriveUserShare(PHRASE, context);
    const variants = [
      deriveUserShare(PHRASE, { ...context, account: pairFromMnemonic(OTHER_PHRASE).publicKey }),
      deriveUserShare(PHRASE, { ...context, genesisHash: hexToU8a(`0x${'ac'.repeat(32)}`) }),
      deriveUserShare(PHRASE, { ...context, registrationBlock: 43 }),
      deriveUserShare(OTHER_PHRASE, context),
    ];
    expect(new Set([x, ...variants]).size).toBe(5);
  });

  it('is HKDF-SHA512 under its own label, unrelated to the other keys of the same seed', () => {
    const seed = mnemonicToMiniSecret(PHRASE);
    const info = new Uint8Array([...context.account, ...context.genesisHash, 0, 0, 0, 42]);
    const okm = hkdf(sha512, seed, new TextEncoder().encode(SHARE_DOMAIN), info, 48);
    const x = deriveUserShareFromSeed(seed, context);
    expect(x).toBe((bytesToNumberBE(okm) % (q - 1n)) + 1n);
    // The same HKDF under the X25519 key's label gives something else: the label separates the uses.
    const underX25519Label = hkdf(sha512, seed, new TextEncoder().encode('entropy-wallet/x25519'), info, 48);
    expect((bytesToNumberBE(underX25519Label) % (q - 1n)) + 1n).not.toBe(x);
    const own = u8aToHex(numberToBytesBE(x, 32));
    expect(own).not.toBe(u8aToHex(seed));
    expect(own).not.toBe(u8aToHex(x25519SecretFromMnemonic(PHRASE)));
  });

  it('fixed-length fields: block and genesis bytes cannot be traded for one another', () => {
    // With a naive concatenation of variable-length fields these two contexts could collide.
    const a = deriveUserShare(PHRASE, { ...context, registrationBlock: 0x01 });
    const b = deriveUserShare(PHRASE, { ...context, registrationBlock: 0x0100 });
    expect(a).not.toBe(b);
  });

  it.each([
    ['a short account', { account: new Uint8Array(31) }],
    ['a long genesis hash', { genesisHash: new Uint8Array(33) }],
    ['a negative block', { registrationBlock: -1 }],
    ['a block above u32', { registrationBlock: 2 ** 32 }],
    ['a fractional block', { registrationBlock: 1.5 }],
  ])('refuses %s', (_, change) => {
    expect(() => deriveUserShare(PHRASE, { ...context, ...change })).toThrow(
      expect.objectContaining({ code: 'INVALID_ACCOUNT_DATA' }),
    );
  });

  it('refuses a seed that is not 32 bytes', () => {
    expect(() => deriveUserShareFromSeed(new Uint8Array(64), context)).toThrow(
      expect.objectContaining({ code: 'INVALID_ACCOUNT_DATA', details: { field: 'seed' } }),
    );
  });
});
