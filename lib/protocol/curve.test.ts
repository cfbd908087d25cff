import { bytesToHex } from '@noble/curves/utils.js';
import { describe, expect, it } from 'vitest';
import { mod, modNear, q, randomScalar, readUint256, scalarToBytes, writeScalar } from './curve';

describe('scalar fast paths against the plain ones', () => {
  const edges = [0n, 1n, q - 1n, (1n << 128n) - 1n, 1n << 255n, randomScalar(), randomScalar()];

  it('modNear equals mod on (−q, 2q), at both ends and around 0 and q', () => {
    const xs = [-(q - 1n), -1n, 0n, 1n, q - 1n, q, q + 1n, 2n * q - 1n, ...edges, ...edges.map((x) => x - q)];
    for (const x of xs) expect(modNear(x)).toBe(mod(x));
  });

  it('writeScalar writes what scalarToBytes encodes, and readUint256 reads it back', () => {
    const view = new DataView(new ArrayBuffer(40));
    for (const x of edges) {
      writeScalar(view, 4, x);
      expect(bytesToHex(new Uint8Array(view.buffer, 4, 32))).toBe(bytesToHex(scalarToBytes(x)));
      expect(readUint256(view, 4)).toBe(x);
    }
  });
});
