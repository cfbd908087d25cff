import { Keyring } from '@polkadot/keyring';
import { describe, expect, it } from 'vitest';
import { utf8 } from './codec';
import { randomX25519SecretKey, x25519PublicKey } from './crypto';
import {
  MAX_FRAME_BYTES,
  MAX_FRAME_PAYLOAD_BYTES,
  assertFrameSession,
  decodeFrame,
  encodeFrame,
  frameBytesFromText,
  frameFromText,
  frameToText,
  openFrame,
  sealFrame,
  type FrameExpectations,
  type SignedFrame,
} from './frame';
import { WireError } from './errors';
import { expectWireError, flipBit, resign, seededRandom, wireErrorOf } from './test-support';

const keyring = new Keyring({ type: 'sr25519' });
// The user (party id = its address) and two validators, as in a signing committee.
const user = keyring.addFromUri('//Alice');
const v0 = keyring.addFromUri('//Bob');
const v1 = keyring.addFromUri('//Charlie');
const userX = randomX25519SecretKey();
const v0X = randomX25519SecretKey();
const v1X = randomX25519SecretKey();
const USER = user.address;
const sessionId = new Uint8Array(32).fill(7);
const otherSession = new Uint8Array(32).fill(8);
const committee = new Map([
  [USER, user.publicKey],
  ['group-0', v0.publicKey],
  ['group-1', v1.publicKey],
]);
const payload = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);

/** group-0's view of the session. */
const atV0: FrameExpectations = { sessionId, self: 'group-0', committee, x25519SecretKey: v0X };

function direct(overrides: Partial<Parameters<typeof sealFrame>[0]> = {}): Uint8Array {
  return sealFrame({
    sessionId,
    sender: USER,
    signer: user,
    round: 2,
    payload,
    recipient: { party: 'group-0', x25519PublicKey: x25519PublicKey(v0X) },
    x25519SecretKey: userX,
    ...overrides,
  });
}

function broadcast(body = payload): Uint8Array {
  return sealFrame({ sessionId, sender: USER, signer: user, round: 1, payload: body, recipient: null });
}

describe('protocol frames', () => {
  it('round-trips a broadcast frame through SSE text, readable by every member', () => {
    const text = frameToText(broadcast());
    expect(text).not.toMatch(/[\r\n]/);
    for (const [self, x] of [
      ['group-0', v0X],
      ['group-1', v1X],
    ] as const) {
      const opened = openFrame(frameFromText(text), { sessionId, self, committee, x25519SecretKey: x });
      expect(opened).toMatchObject({ sender: USER, round: 1, recipient: null });
      expect(opened.senderAccount).toEqual(user.publicKey);
      expect(opened.payload).toEqual(payload);
    }
  });

  it('round-trips a point-to-point frame as it is (the binary body of POST /signer/message), payload encrypted on the wire', () => {
    const bytes = direct();
    const decoded = decodeFrame(bytes);
    expect(decoded.recipient).toBe('group-0');
    expect(decoded.payload.length).toBe(payload.length + 16);
    expect(decoded.payload.subarray(0, 16)).not.toEqual(payload.subarray(0, 16));
    const opened = openFrame(decoded, atV0);
    expect(opened).toMatchObject({ sender: USER, round: 2, recipient: 'group-0' });
    expect(opened.payload).toEqual(payload);
  });

  it('re-encodes a decoded frame to the same bytes', () => {
    for (const bytes of [direct(), broadcast()]) expect(encodeFrame(decodeFrame(bytes))).toEqual(bytes);
  });

  it('carries empty payloads, non-ASCII party ids and the largest round', () => {
    const frame = sealFrame({
      sessionId: new Uint8Array([1]),
      sender: 'gruppe-ü',
      signer: v1,
      round: 0xffff,
      payload: new Uint8Array(0),
      recipient: null,
    });
    const opened = openFrame(frame, {
      sessionId: new Uint8Array([1]),
      self: 'group-0',
      committee: new Map([['gruppe-ü', v1.publicKey]]),
    });
    expect(opened).toMatchObject({ sender: 'gruppe-ü', round: 0xffff });
    expect(opened.payload.length).toBe(0);
  });

  it('rejects a frame replayed into another session, through the session check', () => {
    const frame = decodeFrame(direct());
    expectWireError(() => assertFrameSession(frame, otherSession), 'WRONG_SESSION');
    expect(() => assertFrameSession(frame, sessionId)).not.toThrow();
    expectWireError(() => openFrame(frame, { ...atV0, sessionId: otherSession }), 'WRONG_SESSION');
  });

  it('rejects point-to-point frames meant for someone else', () => {
    expectWireError(
      () => openFrame(direct(), { ...atV0, self: 'group-1', x25519SecretKey: v1X }),
      'WRONG_RECIPIENT',
    );
    expectWireError(() => openFrame(direct(), { ...atV0, x25519SecretKey: v1X }), 'WRONG_RECIPIENT');
    expectWireError(() => openFrame(direct(), { ...atV0, x25519SecretKey: undefined }), 'BAD_KEY');
  });

  it('rejects senders outside the committee, impersonation and our own frames', () => {
    const stranger = keyring.addFromUri('//Eve');
    // Eve signs correctly but claims to be group-1.
    expectWireError(() => openFrame(direct({ sender: 'group-1', signer: stranger }), atV0), 'BAD_SENDER');
    // group-1 is a member but may not speak for the user.
    expectWireError(() => openFrame(direct({ signer: v1 }), atV0), 'BAD_SENDER');
    expectWireError(() => openFrame(direct({ sender: 'nobody' }), atV0), 'BAD_SENDER');
    const echo = sealFrame({ sessionId, sender: 'group-0', signer: v0, round: 1, payload, recipient: null });
    expectWireError(() => openFrame(echo, atV0), 'BAD_SENDER');
  });

  // Each field altered in the decoded frame, re-encoded, then opened by group-0.
  type Alter = (f: SignedFrame) => SignedFrame;
  const encryption = (f: SignedFrame) => f.encryption as NonNullable<SignedFrame['encryption']>;
  const tampered: [string, string, Alter][] = [
    ['sessionId', 'WRONG_SESSION', (f) => ({ ...f, sessionId: flipBit(f.sessionId) })],
    ['sender', 'BAD_SENDER', (f) => ({ ...f, sender: 'group-1' })],
    ['senderAccount', 'BAD_SENDER', (f) => ({ ...f, senderAccount: flipBit(f.senderAccount) })],
    ['frameKey', 'BAD_SIGNATURE', (f) => ({ ...f, frameKey: flipBit(f.frameKey) })],
    ['keySignature', 'BAD_SIGNATURE', (f) => ({ ...f, keySignature: flipBit(f.keySignature, 9) })],
    ['round', 'BAD_SIGNATURE', (f) => ({ ...f, round: f.round + 1 })],
    ['recipient', 'WRONG_RECIPIENT', (f) => ({ ...f, recipient: 'group-1' })],
    [
      'senderX25519',
      'BAD_SIGNATURE',
      (f) => ({ ...f, encryption: { ...encryption(f), senderX25519: flipBit(encryption(f).senderX25519) } }),
    ],
    [
      'recipientX25519',
      'WRONG_RECIPIENT',
      (f) => ({
        ...f,
        encryption: { ...encryption(f), recipientX25519: flipBit(encryption(f).recipientX25519) },
      }),
    ],
    [
      'nonce',
      'BAD_SIGNATURE',
      (f) => ({ ...f, encryption: { ...encryption(f), nonce: flipBit(encryption(f).nonce) } }),
    ],
    ['payload', 'BAD_SIGNATURE', (f) => ({ ...f, payload: flipBit(f.payload, 20) })],
    ['signature', 'BAD_SIGNATURE', (f) => ({ ...f, signature: flipBit(f.signature, 5) })],
    ['kind (direct → broadcast)', 'BAD_SIGNATURE', (f) => ({ ...f, recipient: null, encryption: null })],
  ];
  it.each(tampered)('rejects an altered %s with %s', (_field, code, alter) => {
    expectWireError(() => openFrame(encodeFrame(alter(decodeFrame(direct()))), atV0), code);
  });

  it('rejects an unknown version (also versions 1 and 2, signed by the account itself) or kind byte as MALFORMED', () => {
    for (const [index, value] of [
      [0, 1],
      [0, 2],
      [0, 4],
      [0, 0],
      [1, 2],
    ] as const) {
      const bytes = direct();
      bytes[index] = value;
      expectWireError(() => openFrame(bytes, atV0), 'MALFORMED');
    }
  });

  it('rejects any single flipped bit anywhere in the frame', () => {
    for (const frame of [direct({ payload: payload.subarray(0, 8) }), broadcast(payload.subarray(0, 8))]) {
      for (let i = 0; i < frame.length; i++) {
        for (const bit of [0, 7]) {
          const altered = frame.slice();
          altered[i] = (altered[i] as number) ^ (1 << bit);
          expect(wireErrorOf(() => openFrame(altered, atV0))).toBeInstanceOf(WireError);
        }
      }
    }
  });

  it('binds the header to the ciphertext: a member re-sending another’s payload as its own cannot be opened', () => {
    // group-1 takes the user's encrypted payload for group-0 and signs it under its own name.
    const stolen = { ...decodeFrame(direct()), sender: 'group-1' };
    expectWireError(() => openFrame(resign(stolen, v1), atV0), 'DECRYPT_FAILED');
    // Same sender, different round: the round is authenticated by the AEAD too.
    const moved = { ...decodeFrame(direct()), round: 3 };
    expectWireError(() => openFrame(resign(moved, user), atV0), 'DECRYPT_FAILED');
  });

  it('rejects a validly signed frame from a low-order x25519 key', () => {
    const frame = decodeFrame(direct());
    const crafted = { ...frame, encryption: { ...frame.encryption!, senderX25519: new Uint8Array(32) } };
    expectWireError(() => openFrame(resign(crafted, user), atV0), 'BAD_KEY');
  });

  it('rejects every truncation and any trailing byte as MALFORMED', () => {
    for (const frame of [direct({ payload: payload.subarray(0, 4) }), broadcast()]) {
      for (let length = 0; length < frame.length; length++) {
        expectWireError(() => decodeFrame(frame.subarray(0, length)), 'MALFORMED');
      }
      expectWireError(() => decodeFrame(new Uint8Array([...frame, 0])), 'MALFORMED');
    }
  });

  it('rejects random bytes, and random bytes behind a valid prefix, only with WireError', () => {
    const random = seededRandom(11);
    const valid = direct({ payload: payload.subarray(0, 16) });
    for (let i = 0; i < 3000; i++) {
      const bytes =
        i % 2 === 0
          ? random.bytes(random.int(400))
          : new Uint8Array([
              ...valid.subarray(0, random.int(valid.length)),
              ...random.bytes(random.int(200)),
            ]);
      expect(wireErrorOf(() => openFrame(bytes, atV0)).code).toMatch(/^[A-Z_]+$/);
    }
  });

  it('accepts the largest frame the limits allow, through text', () => {
    const longest = 'g'.repeat(64);
    const frame = sealFrame({
      sessionId: new Uint8Array(64).fill(1),
      sender: longest,
      signer: user,
      round: 1,
      payload: new Uint8Array(MAX_FRAME_PAYLOAD_BYTES).fill(5),
      recipient: { party: 'h'.repeat(64), x25519PublicKey: x25519PublicKey(v0X) },
      x25519SecretKey: userX,
    });
    expect(frame.length).toBe(MAX_FRAME_BYTES);
    const opened = openFrame(frameFromText(frameToText(frame)), {
      sessionId: new Uint8Array(64).fill(1),
      self: 'h'.repeat(64),
      committee: new Map([[longest, user.publicKey]]),
      x25519SecretKey: v0X,
    });
    expect(opened.payload.length).toBe(MAX_FRAME_PAYLOAD_BYTES);
    expectWireError(() => decodeFrame(new Uint8Array(MAX_FRAME_BYTES + 1)), 'MALFORMED');
  });

  it('rejects oversized lengths without allocating them', () => {
    const frame = broadcast();
    const decoded = decodeFrame(frame);
    // Offset of the payload length: version, kind, sessionId, sender, account, frame key, its certificate, round.
    const at = 2 + 1 + decoded.sessionId.length + 1 + utf8('s', decoded.sender).length + 32 + 32 + 64 + 2;
    const huge = frame.slice();
    new DataView(huge.buffer).setUint32(at, MAX_FRAME_PAYLOAD_BYTES + 1);
    expectWireError(() => decodeFrame(huge), 'MALFORMED');
  });

  it('decodes text strictly', () => {
    const bytes = broadcast();
    const text = frameToText(bytes);
    expect(frameBytesFromText(text)).toEqual(bytes);
    for (const bad of [text + '\n', ` ${text}`, text.slice(0, -1), `${text.slice(0, -4)}-_-_`, 42, null]) {
      expectWireError(() => frameFromText(bad), 'MALFORMED');
      expectWireError(() => frameBytesFromText(bad), 'MALFORMED');
    }
  });

  it('reads a frame in place: the opened payload is the frame’s own bytes, not a copy', () => {
    const bytes = broadcast();
    const opened = openFrame(bytes, atV0);
    expect(opened.payload.buffer).toBe(bytes.buffer);
    expect(opened.payload).toEqual(payload);
    expect(opened.signature).toEqual(bytes.subarray(-64));
  });

  it('signs a SHA-256 of the payload: a frame with another payload of the same length does not verify', () => {
    const frame = decodeFrame(broadcast());
    const other = { ...frame, payload: frame.payload.map((b) => b ^ 0xff) };
    expectWireError(() => openFrame(encodeFrame(other), atV0), 'BAD_SIGNATURE');
  });

  it('refuses to seal what it could not decode', () => {
    expectWireError(() => direct({ sessionId: new Uint8Array(0) }), 'MALFORMED');
    expectWireError(() => direct({ sender: '' }), 'MALFORMED');
    expectWireError(() => direct({ sender: 'x'.repeat(65) }), 'MALFORMED');
    expectWireError(() => direct({ sender: '\ud800' }), 'MALFORMED');
    expectWireError(() => direct({ round: 0x10000 }), 'MALFORMED');
    expectWireError(() => direct({ x25519SecretKey: undefined }), 'BAD_KEY');
  });

  it('signs with one frame key per signer and sender, certified by the account for that sender', () => {
    const first = decodeFrame(direct());
    for (const again of [decodeFrame(broadcast()), decodeFrame(direct({ sessionId: otherSession }))]) {
      expect(again.frameKey).toEqual(first.frameKey);
      expect(again.keySignature).toEqual(first.keySignature);
    }
    // Another account's certified key does not sign for the user.
    const v1Frame = decodeFrame(
      sealFrame({ sessionId, sender: 'group-1', signer: v1, round: 1, payload, recipient: null }),
    );
    expect(v1Frame.frameKey).not.toEqual(first.frameKey);
    const lent = { ...first, frameKey: v1Frame.frameKey, keySignature: v1Frame.keySignature };
    expectWireError(() => openFrame(encodeFrame(lent), atV0), 'BAD_SIGNATURE');
    // A key the user's account certified for another party id does not sign as the user, even where the
    // frame's own signature by that key is valid: the certificate names the sender.
    // (A broadcast: a point-to-point payload is bound to its header, frame key included, by the AEAD.)
    const announced = decodeFrame(broadcast());
    expect(openFrame(resign(announced, user), atV0).sender).toBe(USER);
    expectWireError(() => openFrame(resign(announced, user, 'group-1'), atV0), 'BAD_SIGNATURE');
  });

  it('checks a certificate once, however many frames carry it, and an altered one every time', () => {
    const frames = [direct(), broadcast(), direct({ round: 3 })];
    for (const frame of frames) expect(openFrame(frame, atV0).sender).toBe(USER);
    const decoded = decodeFrame(frames[0]!);
    const forged = { ...decoded, keySignature: flipBit(decoded.keySignature, 3) };
    for (let i = 0; i < 2; i++) expectWireError(() => openFrame(encodeFrame(forged), atV0), 'BAD_SIGNATURE');
  });
});
