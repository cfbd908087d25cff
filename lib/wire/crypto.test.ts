import { x25519 } from '@noble/curves/ed25519.js';
import { sr25519PairFromSeed, sr25519Verify, cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { openChannel, randomX25519SecretKey, sealChannel, sr25519Signer, x25519PublicKey } from './crypto';
import { noblePrimitives, setWirePrimitives } from './primitives';
import { expectWireError } from './test-support';

beforeAll(async () => {
  await cryptoWaitReady();
});

describe('sr25519 with schnorrkel’s WebAssembly build', () => {
  it('signs what the JavaScript verifier accepts, and only for its key', () => {
    const keypair = sr25519PairFromSeed(new Uint8Array(32).fill(3));
    const other = sr25519PairFromSeed(new Uint8Array(32).fill(4));
    const message = new TextEncoder().encode('frame');
    const signature = sr25519Signer(keypair).sign(message);
    expect(sr25519Verify(message, signature, keypair.publicKey)).toBe(true);
    expect(sr25519Verify(message, signature, other.publicKey)).toBe(false);
  });
});

describe('X25519 agreements, cached per secret key', () => {
  const seal = (from: Uint8Array, to: Uint8Array, plaintext: Uint8Array) =>
    sealChannel({
      label: 'test',
      senderSecretKey: from,
      recipientPublicKey: x25519PublicKey(to),
      associatedData: new Uint8Array(0),
      plaintext,
    });
  const open = (to: Uint8Array, from: Uint8Array, sealed: ReturnType<typeof seal>) =>
    openChannel({
      label: 'test',
      recipientSecretKey: to,
      senderPublicKey: x25519PublicKey(from),
      nonce: sealed.nonce,
      associatedData: new Uint8Array(0),
      ciphertext: sealed.ciphertext,
    });

  it('gives the same keys again, in both directions, and keeps its copies from callers', () => {
    const a = randomX25519SecretKey();
    const b = randomX25519SecretKey();
    const message = Uint8Array.of(1, 2, 3);
    for (let i = 0; i < 3; i++) {
      expect(open(b, a, seal(a, b, message))).toEqual(message);
      expect(open(a, b, seal(b, a, message))).toEqual(message);
    }
    x25519PublicKey(a).fill(0);
    expect(x25519PublicKey(a)).toEqual(x25519.getPublicKey(a));
  });

  it('agrees once per peer: sealing to it and opening from it share the one X25519 multiplication', () => {
    const counting = { ...noblePrimitives, x25519: vi.fn(noblePrimitives.x25519) };
    setWirePrimitives(counting);
    try {
      const user = randomX25519SecretKey();
      const server = randomX25519SecretKey();
      const message = Uint8Array.of(4, 5);
      expect(open(server, user, seal(user, server, message))).toEqual(message);
      expect(open(user, server, seal(server, user, message))).toEqual(message);
      // One agreement on each side, whichever direction came first.
      expect(counting.x25519).toHaveBeenCalledTimes(2);
    } finally {
      setWirePrimitives(noblePrimitives);
    }
  });

  it('notices a secret key changed in place: its old agreements no longer apply', () => {
    const a = randomX25519SecretKey();
    const b = randomX25519SecretKey();
    const sealed = seal(a, b, Uint8Array.of(9));
    expect(open(b, a, sealed)).toEqual(Uint8Array.of(9));
    const before = x25519PublicKey(b);
    b.set(randomX25519SecretKey());
    expect(x25519PublicKey(b)).not.toEqual(before);
    expect(x25519PublicKey(b)).toEqual(x25519.getPublicKey(b));
    expectWireError(() => open(b, a, sealed), 'DECRYPT_FAILED');
  });

  it('stays correct past its bound of remembered peers', () => {
    const a = randomX25519SecretKey();
    const first = randomX25519SecretKey();
    const sealed = seal(a, first, Uint8Array.of(7));
    for (let i = 0; i < 520; i++) seal(a, randomX25519SecretKey(), Uint8Array.of(i & 0xff));
    expect(open(first, a, sealed)).toEqual(Uint8Array.of(7));
    expect(open(first, a, seal(a, first, Uint8Array.of(8)))).toEqual(Uint8Array.of(8));
  });

  it('refuses low-order keys every time, not only the first', () => {
    const a = randomX25519SecretKey();
    for (let i = 0; i < 2; i++) {
      expectWireError(
        () =>
          sealChannel({
            label: 'test',
            senderSecretKey: a,
            recipientPublicKey: new Uint8Array(32),
            associatedData: new Uint8Array(0),
            plaintext: Uint8Array.of(1),
          }),
        'BAD_KEY',
      );
    }
  });
});
