import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, randomBytes } from '@noble/curves/utils.js';
import { describe, expect, it } from 'vitest';
import { taggedHash } from './hash';
import { sha256, sha256Backend, sha256Ready } from './sha256';

describe('sha256 (hash-wasm, noble until it loads)', () => {
  it('loads the WebAssembly build', async () => {
    expect(await sha256Ready).toBe('wasm');
    expect(sha256Backend()).toBe('wasm');
  });

  it('matches FIPS 180-2\'s "abc" vector', async () => {
    await sha256Ready;
    expect(bytesToHex(sha256(new TextEncoder().encode('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it("equals noble's SHA-256 for every length around the block and chunk sizes, split into parts", async () => {
    await sha256Ready;
    for (const length of [0, 1, 52, 55, 56, 63, 64, 65, 119, 120, 1000, 16383, 16384, 16385, 53260]) {
      const data = randomBytes(length);
      const cut = length >>> 1;
      const expected = bytesToHex(nobleSha256(data));
      expect(bytesToHex(sha256(data))).toBe(expected);
      expect(bytesToHex(sha256(data.subarray(0, cut), data.subarray(cut)))).toBe(expected);
    }
  });

  it('returns a fresh digest each time (the next hash does not overwrite it)', async () => {
    await sha256Ready;
    const first = sha256(new Uint8Array([1]));
    const copy = first.slice();
    sha256(new Uint8Array([2]));
    expect(first).toEqual(copy);
  });

  it('leaves taggedHash unchanged (digests pinned from the noble version before hash-wasm)', async () => {
    await sha256Ready;
    const parts = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array(70).fill(7)];
    expect(bytesToHex(taggedHash('ote/row', ...parts))).toBe(
      '8a0219a0c58c014327ea9e8b212465b3eff6e2d4aa2f889490947057ecc6ff64',
    );
    expect(bytesToHex(taggedHash('rvole/gadget'))).toBe(
      '84c7bfae468accdc3c1a18a2baddc2752a51fc05b36b2b45224e187d78e2e48e',
    );
  });
});
