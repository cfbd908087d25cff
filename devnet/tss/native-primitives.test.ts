import { ed25519 } from '@noble/curves/ed25519.js';
import { Keyring } from '@polkadot/keyring';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decodeFrame,
  encodeFrame,
  noblePrimitives,
  openEnvelope,
  openFrame,
  randomX25519SecretKey,
  sealEnvelope,
  sealFrame,
  setWirePrimitives,
  wirePrimitives,
  x25519PublicKey,
  type BroadcastFrame,
  type DirectFrame,
  type FrameExpectations,
  type WirePrimitives,
} from '../../lib/wire';
import { expectWireError, flipBit, resign, seededRandom } from '../../lib/wire/test-support';
import { nativePrimitives } from './native-primitives';

const random = seededRandom(18);
const LENGTHS = [0, 1, 15, 16, 17, 63, 64, 65, 1000, 38 * 1024 + 5];
const P = 2n ** 255n - 19n;
/** A 32-byte little-endian X25519 u-coordinate (any value below 2^256, canonical or not). */
const le = (n: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));

describe('native wire primitives (node:crypto) against noble', () => {
  it('hash and seal byte for byte as noble does, and each opens what the other sealed', () => {
    for (const length of LENGTHS) {
      const data = random.bytes(length);
      expect(nativePrimitives.sha256(data)).toEqual(noblePrimitives.sha256(data));
      const key = random.bytes(32);
      const nonce = random.bytes(24);
      const aad = random.bytes(length % 100);
      const sealed = nativePrimitives.seal(key, nonce, aad, data);
      expect(sealed).toEqual(noblePrimitives.seal(key, nonce, aad, data));
      expect(nativePrimitives.open(key, nonce, aad, noblePrimitives.seal(key, nonce, aad, data))).toEqual(
        data,
      );
      expect(noblePrimitives.open(key, nonce, aad, sealed)).toEqual(data);
    }
  });

  it('seal into the place they are given, at any offset, the same bytes as into their own buffer', () => {
    for (const provider of [nativePrimitives, noblePrimitives]) {
      for (const length of LENGTHS) {
        const [data, key, nonce, aad] = [
          random.bytes(length),
          random.bytes(32),
          random.bytes(24),
          random.bytes(7),
        ];
        // An odd offset, as a frame's header of any length leaves the ciphertext's place.
        const frame = new Uint8Array(3 + length + 16 + 2).fill(0xee);
        const place = frame.subarray(3, 3 + length + 16);
        expect(provider.seal(key, nonce, aad, data, place)).toBe(place);
        expect(place).toEqual(nativePrimitives.seal(key, nonce, aad, data));
        expect([...frame.subarray(0, 3), ...frame.subarray(3 + length + 16)]).toEqual([
          0xee, 0xee, 0xee, 0xee, 0xee,
        ]);
        expect(() => provider.seal(key, nonce, aad, data, frame)).toThrow(RangeError);
      }
    }
  });

  it('agree on X25519 keys and shared secrets, non-canonical and top-bit-set public keys included', () => {
    const peers = [
      ...Array.from({ length: 6 }, () => random.bytes(32)),
      Uint8Array.from(random.bytes(32), (b, i) => (i === 31 ? b | 0x80 : b)),
      le(P + 9n), // non-canonical 9: the base point
      le(2n ** 255n - 1n),
    ];
    for (const peer of peers) {
      const secret = random.bytes(32);
      expect(nativePrimitives.x25519PublicKey(secret)).toEqual(noblePrimitives.x25519PublicKey(secret));
      expect(nativePrimitives.x25519(secret, peer)).toEqual(noblePrimitives.x25519(secret, peer));
    }
  });

  it('both refuse every low-order X25519 public key, canonical or not', () => {
    const order8 = [
      325606250916557431795983626356110631294008115727848805560023387167927233504n,
      39382357235489614581723060781553021112529911719440698176882885853963445705823n,
    ];
    const lowOrder = [0n, 1n, P - 1n, ...order8, P, P + 1n].map(le);
    const secret = random.bytes(32);
    for (const point of lowOrder) {
      expect(() => noblePrimitives.x25519(secret, point)).toThrow();
      expect(() => nativePrimitives.x25519(secret, point)).toThrow();
    }
  });

  it('refuse any altered ciphertext, tag, associated data, nonce or key', () => {
    const key = random.bytes(32);
    const nonce = random.bytes(24);
    const aad = random.bytes(40);
    const plaintext = random.bytes(200);
    const sealed = nativePrimitives.seal(key, nonce, aad, plaintext);
    const refused = (k: Uint8Array, n: Uint8Array, a: Uint8Array, c: Uint8Array) =>
      expect(() => nativePrimitives.open(k, n, a, c)).toThrow();
    for (const index of [0, 100, plaintext.length - 1, plaintext.length, sealed.length - 1])
      refused(key, nonce, aad, flipBit(sealed, index));
    refused(key, nonce, flipBit(aad, 3), sealed);
    refused(key, flipBit(nonce, 2), aad, sealed); // HChaCha20's half of the nonce
    refused(key, flipBit(nonce, 20), aad, sealed); // ChaCha20's half
    refused(flipBit(key, 31), nonce, aad, sealed);
    refused(key, nonce, aad, sealed.subarray(0, 15));
    refused(key, nonce.subarray(0, 12), aad, sealed);
    expect(nativePrimitives.open(key, nonce, aad, sealed)).toEqual(plaintext);
  });

  it('Ed25519: the same keys and signatures as the noble provider, each verifying the other', () => {
    for (const length of [0, 1, 64, 200]) {
      const seed = random.bytes(32);
      const message = random.bytes(length);
      const publicKey = nativePrimitives.ed25519PublicKey(seed);
      expect(publicKey).toEqual(ed25519.getPublicKey(seed));
      expect(noblePrimitives.ed25519PublicKey(seed)).toEqual(publicKey);
      const signature = nativePrimitives.ed25519Sign(seed, publicKey, message);
      expect(signature).toEqual(ed25519.sign(message, seed));
      expect(noblePrimitives.ed25519Sign(seed, publicKey, message)).toEqual(signature);
      for (const p of [nativePrimitives, noblePrimitives]) {
        expect(p.ed25519Verify(publicKey, message, signature)).toBe(true);
        expect(
          p.ed25519Verify(publicKey, flipBit(message.length ? message : Uint8Array.of(0)), signature),
        ).toBe(false);
        expect(p.ed25519Verify(publicKey, message, flipBit(signature, 3))).toBe(false);
        expect(p.ed25519Verify(flipBit(publicKey), message, signature)).toBe(false);
        // Not a key (not a point, or too short), and a signature of the wrong length: false, no throw.
        expect(p.ed25519Verify(new Uint8Array(32).fill(0xff), message, signature)).toBe(false);
        expect(p.ed25519Verify(publicKey.subarray(1), message, signature)).toBe(false);
        expect(p.ed25519Verify(publicKey, message, signature.subarray(1))).toBe(false);
      }
    }
  });

  it('decode exactly the canonical padded standard base64, as noble does, and refuse every variant', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = random.bytes(length);
      const text = Buffer.from(bytes).toString('base64');
      for (const p of [noblePrimitives, nativePrimitives]) expect(p.base64ToBytes(text)).toEqual(bytes);
    }
    const frame = random.bytes(38 * 1024 + 1);
    expect(nativePrimitives.base64ToBytes(Buffer.from(frame).toString('base64'))).toEqual(frame);
    // Each decodes (leniently) to bytes some canonical text stands for: accepting it would give one
    // frame two texts. URL-safe digits, a stray bit, whitespace, missing or extra padding, padding
    // inside, characters outside the alphabet.
    const variants = ['-_8=', '+/9=', '+/8=\n', ' +/8=', '+/\r\n8=', '+/8', '+/8==', '=AAA', 'A=AA', 'AA=A'];
    for (const bad of [...variants, 'A===', '====', 'AAA\u00e9', 'AA\u0100A', 'AA.A', 'QQ==QQ==']) {
      expect([bad, noblePrimitives.base64ToBytes(bad)]).toEqual([bad, null]);
      expect([bad, nativePrimitives.base64ToBytes(bad)]).toEqual([bad, null]);
    }
  });
});

describe('frames and envelopes between a noble and a native party', () => {
  const keyring = new Keyring({ type: 'sr25519' });
  const user = keyring.addFromUri('//Alice');
  const v0 = keyring.addFromUri('//Bob');
  const userX = randomX25519SecretKey();
  const v0X = randomX25519SecretKey();
  const sessionId = new Uint8Array(32).fill(9);
  const committee = new Map([
    [user.address, { account: user.publicKey, x25519: x25519PublicKey(userX) }],
    ['group-0', { account: v0.publicKey, x25519: x25519PublicKey(v0X) }],
  ]);
  const atUser: FrameExpectations = { sessionId, self: user.address, committee, x25519SecretKey: userX };
  const atV0: FrameExpectations = { sessionId, self: 'group-0', committee, x25519SecretKey: v0X };
  const payload = random.bytes(38 * 1024);
  const providers: [string, WirePrimitives, WirePrimitives][] = [
    ['noble → native', noblePrimitives, nativePrimitives],
    ['native → noble', nativePrimitives, noblePrimitives],
  ];
  const initial = wirePrimitives();
  afterEach(() => setWirePrimitives(initial));

  for (const [name, sealer, opener] of providers) {
    it(`${name}: point-to-point and broadcast frames and an envelope open to the same bytes`, () => {
      setWirePrimitives(sealer);
      const direct = sealFrame({
        sessionId,
        sender: 'group-0',
        signer: v0,
        round: 1,
        payload,
        recipient: { party: user.address, x25519PublicKey: x25519PublicKey(userX) },
        x25519SecretKey: v0X,
      });
      const broadcast = sealFrame({
        sessionId,
        sender: user.address,
        signer: user,
        round: 2,
        payload,
        recipient: null,
      });
      // An envelope is signed over its whole ciphertext (JavaScript sr25519 for a keyring pair): keep it short.
      const envelope = sealEnvelope({
        plaintext: payload.subarray(0, 500),
        signer: user,
        senderX25519SecretKey: userX,
        recipientX25519PublicKey: x25519PublicKey(v0X),
      });
      setWirePrimitives(opener);
      expect(openFrame(direct, atUser).payload).toEqual(payload);
      expect(openFrame(broadcast, atV0).payload).toEqual(payload);
      expect(openEnvelope(envelope, { x25519SecretKey: v0X }).plaintext).toEqual(payload.subarray(0, 500));
    });
  }

  it('native: an altered frame is refused, and a payload lifted into another header does not open', () => {
    setWirePrimitives(nativePrimitives);
    const body = payload.subarray(0, 300);
    const direct = sealFrame({
      sessionId,
      sender: user.address,
      signer: user,
      round: 2,
      payload: body,
      recipient: { party: 'group-0', x25519PublicKey: x25519PublicKey(v0X) },
      x25519SecretKey: userX,
    });
    // Any ciphertext byte: the AEAD (native now) refuses it.
    expectWireError(() => openFrame(flipBit(direct, direct.length - 10), atV0), 'DECRYPT_FAILED');
    // The ciphertext under another round: the header is the associated data.
    expectWireError(
      () => openFrame(encodeFrame({ ...(decodeFrame(direct) as DirectFrame), round: 3 }), atV0),
      'DECRYPT_FAILED',
    );
    expect(openFrame(direct, atV0).payload).toEqual(body);
    const broadcast = sealFrame({
      sessionId,
      sender: user.address,
      signer: user,
      round: 2,
      payload: body,
      recipient: null,
    });
    // Any payload byte: the signature's SHA-256 prehash (native now) no longer matches.
    expectWireError(() => openFrame(flipBit(broadcast, broadcast.length - 64 - 10), atV0), 'BAD_SIGNATURE');
    // Re-signed by its sender under another round: a valid signature, for what the sender now says.
    const resigned = resign({ ...(decodeFrame(broadcast) as BroadcastFrame), round: 3 }, user);
    expect(openFrame(resigned, atV0).round).toBe(3);
  });
});
