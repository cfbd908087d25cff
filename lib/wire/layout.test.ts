/**
 * Conformance with docs/wire.md, byte for byte: each format is taken apart and checked with the
 * primitives directly (not through lib/wire's own encoders), so the document and the code cannot drift.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { Keyring } from '@polkadot/keyring';
import { sr25519Verify } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { randomX25519SecretKey, x25519PublicKey } from './crypto';
import { envelopeToJson, sealEnvelope } from './envelope';
import { sealFrame } from './frame';
import { createSubscribeRequest } from './subscribe';

const te = new TextEncoder();
const keyring = new Keyring({ type: 'sr25519' });
const alice = keyring.addFromUri('//Alice');
const aX = randomX25519SecretKey();
const bX = randomX25519SecretKey();
const A = x25519PublicKey(aX);
const B = x25519PublicKey(bX);

const cat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((offset, p) => (out.set(p, offset), offset + p.length), 0);
  return out;
};
const u8 = (n: number) => Uint8Array.of(n);
const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
const bytes8 = (b: Uint8Array) => cat(u8(b.length), b);
const label = (s: string) => bytes8(te.encode(s));
const key = (info: string) => hkdf(sha256, x25519.getSharedSecret(bX, A), cat(A, B), te.encode(info), 32);

describe('docs/wire.md layouts', () => {
  it('envelope: header, signed bytes, key and AEAD', () => {
    const plaintext = te.encode('tx');
    const json = envelopeToJson(
      sealEnvelope({ plaintext, signer: alice, senderX25519SecretKey: aX, recipientX25519PublicKey: B }),
    );
    const field = (v: string) => hexToBytes(v.slice(2));
    const header = cat(
      u8(1),
      field(json.senderAccount),
      field(json.senderX25519),
      field(json.recipientX25519),
    );
    expect(header.length).toBe(97);
    const nonce = field(json.nonce);
    const ct = field(json.ciphertext);
    const signed = cat(label('entropy-wallet/v1/envelope/signature'), header, nonce, u32(ct.length), ct);
    expect(sr25519Verify(signed, field(json.signature), alice.publicKey)).toBe(true);
    const opened = xchacha20poly1305(key('entropy-wallet/v1/envelope/key'), nonce, header).decrypt(ct);
    expect(opened).toEqual(plaintext);
  });

  /** The frame key's certificate: the account's sr25519 signature naming the sender. */
  const certified = (frame: Uint8Array, at: number, sender: string) => {
    const frameKey = frame.subarray(at, at + 32);
    const signed = cat(label('entropy-wallet/v3/frame/key'), bytes8(te.encode(sender)), frameKey);
    expect(sr25519Verify(signed, frame.subarray(at + 32, at + 96), alice.publicKey)).toBe(true);
    return frame.subarray(at, at + 96);
  };

  it('point-to-point frame: field order, header as associated data, no signature', () => {
    const sessionId = new Uint8Array([1, 2, 3]);
    const payload = te.encode('round 2');
    const frame = sealFrame({
      sessionId,
      sender: 'group-0',
      signer: alice,
      round: 0x0102,
      payload,
      recipient: { party: 'group-1', x25519PublicKey: B },
      x25519SecretKey: aX,
    });
    const header = cat(
      u8(4),
      u8(1),
      bytes8(sessionId),
      bytes8(te.encode('group-0')),
      Uint8Array.of(1, 2),
      bytes8(te.encode('group-1')),
      A,
      B,
    );
    expect(frame.subarray(0, header.length)).toEqual(header);
    const nonce = frame.subarray(header.length, header.length + 24);
    const lengthAt = header.length + 24;
    expect(frame.subarray(lengthAt, lengthAt + 4)).toEqual(u32(payload.length + 16));
    const ct = frame.subarray(lengthAt + 4);
    expect(ct.length).toBe(payload.length + 16);
    expect(xchacha20poly1305(key('entropy-wallet/v1/frame/key'), nonce, header).decrypt(ct)).toEqual(payload);
  });

  it('broadcast frame: no recipient, keys or nonce; payload in the clear', () => {
    const frame = sealFrame({
      sessionId: u8(9),
      sender: 'u',
      signer: alice,
      round: 1,
      payload: te.encode('hi'),
      recipient: null,
    });
    const accountAt = 2 + 2 + 2;
    const body = cat(
      u8(4),
      u8(0),
      bytes8(u8(9)),
      bytes8(te.encode('u')),
      alice.publicKey,
      certified(frame, accountAt + 32, 'u'),
      Uint8Array.of(0, 1),
    );
    expect(frame.subarray(0, -64)).toEqual(cat(body, u32(2), te.encode('hi')));
    const signed = cat(label('entropy-wallet/v3/frame/signature'), body, u32(2), sha256(te.encode('hi')));
    const frameKey = frame.subarray(accountAt + 32, accountAt + 64);
    expect(ed25519.verify(frame.subarray(-64), signed, frameKey, { zip215: false })).toBe(true);
  });

  it('subscribe request: signed bytes include the target, which is not sent', () => {
    const request = createSubscribeRequest({
      partyId: 'group-1',
      target: 'group-0',
      sessionId: u8(5),
      signer: alice,
      timestamp: 0x0102030405,
    });
    const signed = cat(
      label('entropy-wallet/v1/subscribe/signature'),
      bytes8(te.encode('group-1')),
      bytes8(te.encode('group-0')),
      bytes8(u8(5)),
      alice.publicKey,
      Uint8Array.of(0, 0, 0, 1, 2, 3, 4, 5),
    );
    expect(sr25519Verify(signed, request.signature, alice.publicKey)).toBe(true);
  });
});
