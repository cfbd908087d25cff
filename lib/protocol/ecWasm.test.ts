import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, randomBytes } from '@noble/curves/utils.js';
import { describe, expect, it } from 'vitest';
import { G, Point, q, randomScalar, scalarToBytes } from './curve';
import * as ec from './ecWasm';
import { ProtocolError } from './errors';

// The libsecp256k1 operations signing uses, against noble's.
describe('ecWasm (libsecp256k1) against noble', () => {
  it('k·G in both encodings', () => {
    for (const k of [1n, 2n, q - 1n, randomScalar()]) {
      const P = G.multiply(k);
      expect(bytesToHex(ec.mulBase(scalarToBytes(k)))).toBe(bytesToHex(P.toBytes(false)));
      expect(bytesToHex(ec.mulBase(scalarToBytes(k), ec.COMPRESSED))).toBe(bytesToHex(P.toBytes(true)));
    }
  });

  it('sums points, also through an intermediate identity, and gives undefined for the identity', () => {
    const [a, b] = [randomScalar(), randomScalar()];
    const [A, B] = [G.multiply(a), G.multiply(b)];
    const enc = (P: typeof A) => P.toBytes(false);
    expect(bytesToHex(ec.sum([enc(A), enc(B)])!)).toBe(bytesToHex(enc(A.add(B))));
    // A + (−A) + B: the running sum passes through the identity.
    expect(bytesToHex(ec.sum([enc(A), enc(A.negate()), enc(B)])!)).toBe(bytesToHex(enc(B)));
    expect(ec.sum([enc(A), enc(A.negate())])).toBeUndefined();
    expect(ec.sum([])).toBeUndefined();
  });

  it('verifies ECDSA as noble does: valid, wrong message, wrong key, high s, s = 0', () => {
    const sk = randomBytes(32);
    const pk = secp256k1.getPublicKey(sk, true);
    const hash = randomBytes(32);
    const sig = secp256k1.sign(hash, sk, { prehash: false });
    expect(ec.verifyEcdsa(hash, pk, sig)).toBe(true);
    expect(ec.verifyEcdsa(randomBytes(32), pk, sig)).toBe(false);
    expect(ec.verifyEcdsa(hash, secp256k1.getPublicKey(randomBytes(32), true), sig)).toBe(false);
    // (r, q − s) is the same signature with high s: noble's verify refuses it by default, and so do we.
    const high = sig.slice();
    high.set(scalarToBytes(q - BigInt('0x' + bytesToHex(sig.subarray(32)))), 32);
    expect(secp256k1.verify(high, hash, pk, { prehash: false })).toBe(false);
    expect(ec.verifyEcdsa(hash, pk, high)).toBe(false);
    // s = 0 is no signature (SEC 1: s ∈ [1, q − 1]); signing's own s = 0 check relies on this too.
    const zero = sig.slice();
    zero.fill(0, 32);
    expect(ec.verifyEcdsa(hash, pk, zero)).toBe(false);
    expect(() => ec.verifyEcdsa(hash, new Uint8Array(33), sig)).toThrow(ProtocolError);
  });

  it('decodes what noble decodes, to the same point', () => {
    const P = G.multiply(randomScalar());
    expect(bytesToHex(ec.decodeCompressed(P.toBytes(true))!)).toBe(bytesToHex(P.toBytes(false)));
    expect(Point.fromBytes(ec.compress(P.toBytes(false))).equals(P)).toBe(true);
  });
});
