import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { scrypt } from '@noble/hashes/scrypt.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { Sealer } from './at-rest';
import { TssError } from './errors';

/** A record as the format defines it, sealed with an independent scrypt (noble's, used before). */
function sealedElsewhere(
  password: string,
  recordKey: string,
  plaintext: Uint8Array,
  logN = 10,
  r = 8,
  p = 1,
) {
  const salt = new Uint8Array(16).fill(7);
  const nonce = new Uint8Array(24).fill(9);
  const key = scrypt(utf8ToBytes(password), salt, { N: 2 ** logN, r, p, dkLen: 32 });
  const ct = xchacha20poly1305(key, nonce, utf8ToBytes(recordKey)).encrypt(plaintext);
  return { salt, record: new Uint8Array([1, logN, r, p, ...salt, ...nonce, ...ct]) };
}

describe('Sealer', () => {
  it('opens records sealed by another scrypt implementation (stores written before keep opening)', async () => {
    const share = utf8ToBytes('a key share');
    const { salt, record } = sealedElsewhere('pw', 'share:5Alice', share);
    const sealer = await Sealer.create('pw', salt, { logN: 10, r: 8, p: 1 });
    expect(await sealer.open('share:5Alice', record)).toEqual(share);
    await expect(sealer.open('share:5Bob', record)).rejects.toThrow(TssError);
  });

  it('refuses KDF parameters no server writes (a corrupt record cannot make it allocate gigabytes)', async () => {
    const { salt, record } = sealedElsewhere('pw', 'k', utf8ToBytes('x'));
    const sealer = await Sealer.create('pw', salt, { logN: 10, r: 8, p: 1 });
    for (const [i, v] of [
      [1, 23],
      [2, 33],
      [3, 17],
    ] as const) {
      const bad = record.slice();
      bad[i] = v;
      await expect(sealer.open('k', bad)).rejects.toThrow(/unusable KDF parameters/);
    }
  });

  it('seals what noble opens, record key bound (the cipher runs on OpenSSL, the format is the same)', async () => {
    const salt = new Uint8Array(16).fill(3);
    const sealer = await Sealer.create('pw', salt, { logN: 10, r: 8, p: 1 });
    const share = new Uint8Array(40_000).map((_, i) => i * 7);
    const record = await sealer.seal('share:5Alice', share);
    expect([...record.subarray(0, 20)]).toEqual([1, 10, 8, 1, ...salt]);
    const key = scrypt(utf8ToBytes('pw'), salt, { N: 2 ** 10, r: 8, p: 1, dkLen: 32 });
    const opened = xchacha20poly1305(key, record.subarray(20, 44), utf8ToBytes('share:5Alice')).decrypt(
      record.subarray(44),
    );
    expect(opened).toEqual(share);
    expect(await sealer.open('share:5Alice', record)).toEqual(share);
    await expect(sealer.open('share:5Bob', record)).rejects.toThrow(/Cannot decrypt/);
  });
});
