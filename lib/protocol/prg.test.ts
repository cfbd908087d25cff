import { chacha20 } from '@noble/ciphers/chacha.js';
import { bytesToHex, randomBytes } from '@noble/curves/utils.js';
import { describe, expect, it } from 'vitest';
import { expand } from './prg';

describe('expand (ChaCha20 keystream)', () => {
  it('matches RFC 8439 §2.4.2 (block counter 1 there: our stream from byte 64)', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i);
    const nonce = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0x4a, 0, 0, 0, 0]);
    const plaintext = new TextEncoder().encode(
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
    );
    const stream = expand(key, 64 + plaintext.length, nonce).subarray(64);
    const ciphertext = plaintext.map((b, i) => b ^ stream[i]!);
    expect(bytesToHex(ciphertext.subarray(0, 16))).toBe('6e2e359a2568f98041ba0728dd0d6981');
    expect(bytesToHex(ciphertext.subarray(-2))).toBe('874d');
  });

  it("equals noble's chacha20 over zeros for every length and unaligned inputs", () => {
    for (const length of [0, 1, 31, 63, 64, 65, 94, 128, 1000]) {
      const buffer = randomBytes(32 + 12 + 1);
      const key = buffer.subarray(1, 33);
      const nonce = buffer.subarray(33, 45);
      const out = new Uint8Array(length + 3).subarray(3);
      expand(key, length, nonce, out);
      expect(bytesToHex(out)).toBe(bytesToHex(chacha20(key, nonce, new Uint8Array(length))));
      expect(bytesToHex(expand(key, length))).toBe(
        bytesToHex(chacha20(key, new Uint8Array(12), new Uint8Array(length))),
      );
    }
  });

  it('refuses a key that is not 32 bytes or a nonce that is not 12, even inside a larger buffer', () => {
    const table = new Uint8Array(96);
    expect(() => expand(table.subarray(32, 63), 64)).toThrow(RangeError);
    expect(() => expand(table.subarray(32, 32), 64)).toThrow(RangeError);
    expect(() => expand(table.subarray(0, 32), 64, table.subarray(32, 43))).toThrow(RangeError);
    expect(expand(table.subarray(32, 64), 64, table.subarray(32, 44))).toHaveLength(64);
  });
});
