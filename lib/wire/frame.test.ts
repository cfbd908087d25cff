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
  type BroadcastFrame,
  type DirectFrame,
  type FrameExpectations,
  type FrameSender,
} from './frame';
import { WireError } from './errors';
import {
  channelKeyOf,
  expectWireError,
  flipBit,
  resign,
  sealDirectWith,
  seededRandom,
  wireErrorOf,
} from './test-support';

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
const committee = new Map<string, FrameSender>([
  [USER, { account: user.publicKey, x25519: x25519PublicKey(userX) }],
  ['group-0', { account: v0.publicKey, x25519: x25519PublicKey(v0X) }],
  ['group-1', { account: v1.publicKey, x25519: x25519PublicKey(v1X) }],
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

function broadcast(body = payload, round = 1): Uint8Array {
  return sealFrame({ sessionId, sender: USER, signer: user, round, payload: body, recipient: null });
}

const asDirect = (bytes: Uint8Array) => decodeFrame(bytes) as DirectFrame;
const asBroadcast = (bytes: Uint8Array) => decodeFrame(bytes) as BroadcastFrame;

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
    const decoded = asDirect(bytes);
    expect(decoded.recipient).toBe('group-0');
    expect(decoded.ciphertext.length).toBe(payload.length + 16);
    expect(decoded.ciphertext.subarray(0, 16)).not.toEqual(payload.subarray(0, 16));
    // No frame key, certificate or signature: 16 bytes of tag and 24 of nonce over the payload, plus the header.
    expect(bytes.length).toBe(2 + 33 + 1 + USER.length + 2 + 8 + 64 + 24 + 4 + payload.length + 16);
    const opened = openFrame(decoded, atV0);
    expect(opened).toMatchObject({ sender: USER, round: 2, recipient: 'group-0' });
    expect(opened.senderAccount).toEqual(user.publicKey);
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
      committee: new Map([['gruppe-ü', { account: v1.publicKey, x25519: null }]]),
    });
    expect(opened).toMatchObject({ sender: 'gruppe-ü', round: 0xffff });
    expect(opened.payload.length).toBe(0);
    const empty = direct({ payload: new Uint8Array(0), round: 0xffff });
    expect(openFrame(empty, atV0)).toMatchObject({ round: 0xffff, payload: new Uint8Array(0) });
  });

  it('rejects a frame replayed into another session, through the session check', () => {
    for (const bytes of [direct(), broadcast()]) {
      const frame = decodeFrame(bytes);
      expectWireError(() => assertFrameSession(frame, otherSession), 'WRONG_SESSION');
      expect(() => assertFrameSession(frame, sessionId)).not.toThrow();
      expectWireError(() => openFrame(frame, { ...atV0, sessionId: otherSession }), 'WRONG_SESSION');
    }
  });

  it('rejects point-to-point frames meant for someone else', () => {
    expectWireError(
      () => openFrame(direct(), { ...atV0, self: 'group-1', x25519SecretKey: v1X }),
      'WRONG_RECIPIENT',
    );
    expectWireError(() => openFrame(direct(), { ...atV0, x25519SecretKey: v1X }), 'WRONG_RECIPIENT');
    expectWireError(() => openFrame(direct(), { ...atV0, x25519SecretKey: undefined }), 'BAD_KEY');
  });

  it('rejects broadcast senders outside the committee, impersonation and our own frames', () => {
    const stranger = keyring.addFromUri('//Eve');
    const as = (sender: string, signer: typeof user) =>
      sealFrame({ sessionId, sender, signer, round: 1, payload, recipient: null });
    // Eve signs correctly but claims to be group-1.
    expectWireError(() => openFrame(as('group-1', stranger), atV0), 'BAD_SENDER');
    // group-1 is a member but may not speak for the user.
    expectWireError(() => openFrame(as(USER, v1), atV0), 'BAD_SENDER');
    expectWireError(() => openFrame(as('nobody', user), atV0), 'BAD_SENDER');
    expectWireError(() => openFrame(as('group-0', v0), atV0), 'BAD_SENDER');
  });

  // Each field altered in the decoded frame, re-encoded, then opened by group-0.
  const directTampered: [string, string, (f: DirectFrame) => DirectFrame][] = [
    ['sessionId', 'WRONG_SESSION', (f) => ({ ...f, sessionId: flipBit(f.sessionId) })],
    ['sender', 'BAD_SENDER', (f) => ({ ...f, sender: 'group-1' })],
    ['round', 'DECRYPT_FAILED', (f) => ({ ...f, round: f.round + 1 })],
    ['recipient', 'WRONG_RECIPIENT', (f) => ({ ...f, recipient: 'group-1' })],
    ['senderX25519', 'BAD_SENDER', (f) => ({ ...f, senderX25519: flipBit(f.senderX25519) })],
    ['recipientX25519', 'WRONG_RECIPIENT', (f) => ({ ...f, recipientX25519: flipBit(f.recipientX25519) })],
    ['nonce', 'DECRYPT_FAILED', (f) => ({ ...f, nonce: flipBit(f.nonce) })],
    ['ciphertext', 'DECRYPT_FAILED', (f) => ({ ...f, ciphertext: flipBit(f.ciphertext, 20) })],
    ['tag', 'DECRYPT_FAILED', (f) => ({ ...f, ciphertext: flipBit(f.ciphertext, f.ciphertext.length - 1) })],
  ];
  it.each(directTampered)(
    'rejects a point-to-point frame with an altered %s with %s',
    (_field, code, alter) => {
      expectWireError(() => openFrame(encodeFrame(alter(asDirect(direct()))), atV0), code);
    },
  );

  const broadcastTampered: [string, string, (f: BroadcastFrame) => BroadcastFrame][] = [
    ['sessionId', 'WRONG_SESSION', (f) => ({ ...f, sessionId: flipBit(f.sessionId) })],
    ['sender', 'BAD_SENDER', (f) => ({ ...f, sender: 'group-1' })],
    ['senderAccount', 'BAD_SENDER', (f) => ({ ...f, senderAccount: flipBit(f.senderAccount) })],
    ['frameKey', 'BAD_SIGNATURE', (f) => ({ ...f, frameKey: flipBit(f.frameKey) })],
    ['keySignature', 'BAD_SIGNATURE', (f) => ({ ...f, keySignature: flipBit(f.keySignature, 9) })],
    ['round', 'BAD_SIGNATURE', (f) => ({ ...f, round: f.round + 1 })],
    ['payload', 'BAD_SIGNATURE', (f) => ({ ...f, payload: flipBit(f.payload, 20) })],
    ['signature', 'BAD_SIGNATURE', (f) => ({ ...f, signature: flipBit(f.signature, 5) })],
  ];
  it.each(broadcastTampered)('rejects a broadcast with an altered %s with %s', (_field, code, alter) => {
    expectWireError(() => openFrame(encodeFrame(alter(asBroadcast(broadcast()))), atV0), code);
  });

  it('rejects an unknown version (also 1 to 3, signed point-to-point frames) or kind byte as MALFORMED', () => {
    for (const frame of [direct(), broadcast()]) {
      for (const [index, value] of [
        [0, 1],
        [0, 2],
        [0, 3],
        [0, 5],
        [0, 0],
        [1, 2],
      ] as const) {
        const bytes = frame.slice();
        bytes[index] = value;
        expectWireError(() => openFrame(bytes, atV0), 'MALFORMED');
      }
    }
  });

  it('rejects a point-to-point frame relabelled as a broadcast and the reverse', () => {
    const asBroadcastKind = direct();
    asBroadcastKind[1] = 0;
    expect(wireErrorOf(() => openFrame(asBroadcastKind, atV0)).code).toMatch(/^(MALFORMED|BAD_SENDER)$/);
    const asDirectKind = broadcast();
    asDirectKind[1] = 1;
    expect(wireErrorOf(() => openFrame(asDirectKind, atV0)).code).toMatch(
      /^(MALFORMED|WRONG_RECIPIENT|BAD_SENDER)$/,
    );
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
    for (const valid of [direct({ payload: payload.subarray(0, 16) }), broadcast(payload.subarray(0, 16))]) {
      for (let i = 0; i < 1500; i++) {
        const bytes =
          i % 2 === 0
            ? random.bytes(random.int(400))
            : new Uint8Array([
                ...valid.subarray(0, random.int(valid.length)),
                ...random.bytes(random.int(200)),
              ]);
        expect(wireErrorOf(() => openFrame(bytes, atV0)).code).toMatch(/^[A-Z_]+$/);
      }
    }
  });

  it('accepts the largest frame the limits allow (a broadcast), through text, and a point-to-point frame of the largest payload', () => {
    const longest = 'g'.repeat(64);
    const big = new Uint8Array(MAX_FRAME_PAYLOAD_BYTES).fill(5);
    const frame = sealFrame({
      sessionId: new Uint8Array(64).fill(1),
      sender: longest,
      signer: user,
      round: 1,
      payload: big,
      recipient: null,
    });
    expect(frame.length).toBe(MAX_FRAME_BYTES);
    const expectations = {
      sessionId: new Uint8Array(64).fill(1),
      self: 'h'.repeat(64),
      committee: new Map([[longest, { account: user.publicKey, x25519: x25519PublicKey(userX) }]]),
      x25519SecretKey: v0X,
    };
    expect(openFrame(frameFromText(frameToText(frame)), expectations).payload.length).toBe(
      MAX_FRAME_PAYLOAD_BYTES,
    );
    const p2p = sealFrame({
      sessionId: new Uint8Array(64).fill(1),
      sender: longest,
      signer: user,
      round: 1,
      payload: big,
      recipient: { party: 'h'.repeat(64), x25519PublicKey: x25519PublicKey(v0X) },
      x25519SecretKey: userX,
    });
    expect(p2p.length).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    expect(openFrame(p2p, expectations).payload.length).toBe(MAX_FRAME_PAYLOAD_BYTES);
    expectWireError(() => decodeFrame(new Uint8Array(MAX_FRAME_BYTES + 1)), 'MALFORMED');
  });

  it('rejects oversized lengths without allocating them', () => {
    const frame = broadcast();
    const decoded = asBroadcast(frame);
    // Offset of the payload length: version, kind, sessionId, sender, account, frame key, its certificate, round.
    const at = 2 + 1 + decoded.sessionId.length + 1 + utf8('s', decoded.sender).length + 32 + 32 + 64 + 2;
    const huge = frame.slice();
    new DataView(huge.buffer).setUint32(at, MAX_FRAME_PAYLOAD_BYTES + 1);
    expectWireError(() => decodeFrame(huge), 'MALFORMED');
    const p2p = direct();
    const hugeDirect = p2p.slice();
    new DataView(hugeDirect.buffer).setUint32(
      p2p.length - payload.length - 16 - 4,
      MAX_FRAME_PAYLOAD_BYTES + 17,
    );
    expectWireError(() => decodeFrame(hugeDirect), 'MALFORMED');
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

  it('reads a broadcast in place: the opened payload is the frame’s own bytes, not a copy', () => {
    const bytes = broadcast();
    const opened = openFrame(bytes, atV0);
    expect(opened.payload.buffer).toBe(bytes.buffer);
    expect(opened.payload).toEqual(payload);
    expect(opened.id).toEqual(bytes.subarray(-64));
  });

  it('identifies each frame: the same bytes give the same id, another frame of the same payload another', () => {
    const p2p = direct();
    const first = openFrame(p2p, atV0).id;
    expect(openFrame(p2p.slice(), atV0).id).toEqual(first);
    // The nonce and the tag: 24 + 16 bytes at the frame's end.
    expect(first).toEqual(
      new Uint8Array([
        ...p2p.subarray(-16 - 4 - payload.length - 24, -16 - 4 - payload.length),
        ...p2p.subarray(-16),
      ]),
    );
    expect(openFrame(direct(), atV0).id).not.toEqual(first);
    expect(openFrame(broadcast(), atV0).id).not.toEqual(openFrame(broadcast(payload, 2), atV0).id);
  });

  it('signs a SHA-256 of the payload: a broadcast with another payload of the same length does not verify', () => {
    const frame = asBroadcast(broadcast());
    const other = { ...frame, payload: frame.payload.map((b) => b ^ 0xff) };
    expectWireError(() => openFrame(encodeFrame(other), atV0), 'BAD_SIGNATURE');
  });

  it('refuses to seal what it could not decode', () => {
    expectWireError(() => direct({ sessionId: new Uint8Array(0) }), 'MALFORMED');
    expectWireError(() => direct({ sender: '' }), 'MALFORMED');
    expectWireError(() => direct({ sender: 'x'.repeat(65) }), 'MALFORMED');
    expectWireError(() => direct({ sender: '\ud800' }), 'MALFORMED');
    expectWireError(() => direct({ round: 0x10000 }), 'MALFORMED');
    expectWireError(
      () => direct({ recipient: { party: '', x25519PublicKey: x25519PublicKey(v0X) } }),
      'MALFORMED',
    );
    expectWireError(() => direct({ x25519SecretKey: undefined }), 'BAD_KEY');
  });

  it('signs broadcasts with one frame key per signer and sender, certified by the account for that sender', () => {
    const first = asBroadcast(broadcast());
    const again = asBroadcast(
      sealFrame({ sessionId: otherSession, sender: USER, signer: user, round: 3, payload, recipient: null }),
    );
    expect(again.frameKey).toEqual(first.frameKey);
    expect(again.keySignature).toEqual(first.keySignature);
    // Another account's certified key does not sign for the user.
    const v1Frame = asBroadcast(
      sealFrame({ sessionId, sender: 'group-1', signer: v1, round: 1, payload, recipient: null }),
    );
    expect(v1Frame.frameKey).not.toEqual(first.frameKey);
    const lent = { ...first, frameKey: v1Frame.frameKey, keySignature: v1Frame.keySignature };
    expectWireError(() => openFrame(encodeFrame(lent), atV0), 'BAD_SIGNATURE');
    // A key the user's account certified for another party id does not sign as the user, even where the
    // frame's own signature by that key is valid: the certificate names the sender.
    expect(openFrame(resign(first, user), atV0).sender).toBe(USER);
    expectWireError(() => openFrame(resign(first, user, 'group-1'), atV0), 'BAD_SIGNATURE');
  });

  it('checks a certificate once, however many frames carry it, and an altered one every time', () => {
    const frames = [broadcast(), broadcast(payload, 2), broadcast(payload, 3)];
    for (const frame of frames) expect(openFrame(frame, atV0).sender).toBe(USER);
    const decoded = asBroadcast(frames[0]!);
    const forged = { ...decoded, keySignature: flipBit(decoded.keySignature, 3) };
    for (let i = 0; i < 2; i++) expectWireError(() => openFrame(encodeFrame(forged), atV0), 'BAD_SIGNATURE');
  });
});

/**
 * A point-to-point frame is authenticated by its AEAD alone (docs/wire.md): only the holders of the two
 * X25519 keys in its header can make one that opens, and the receiver accepts it only if the sender's key
 * is the one the committee names for that sender. The attacks below each try to get a frame accepted
 * as someone else's, or somewhere else than where it was sent.
 */
describe('point-to-point frames: forgery and replay', () => {
  const V0 = x25519PublicKey(v0X);
  const V1 = x25519PublicKey(v1X);
  const U = x25519PublicKey(userX);
  const header = (overrides: Partial<DirectFrame> = {}) => ({
    version: 4 as const,
    sessionId,
    sender: USER,
    round: 2,
    recipient: 'group-0',
    senderX25519: U,
    recipientX25519: V0,
    ...overrides,
  });

  it('a frame sealed by hand from the spec with the real keys opens (the attacks below differ from it in one thing)', () => {
    const frame = sealDirectWith(header(), channelKeyOf(userX, V0, U, V0), payload);
    expect(openFrame(frame, atV0)).toMatchObject({ sender: USER, round: 2, payload });
  });

  it('a committee member cannot send as another sender: with its own key it is refused, with the other’s key it cannot seal', () => {
    // group-1 holds v1X and knows every public key. As the user, under its own key:
    const ownKey = sealDirectWith(header({ senderX25519: V1 }), channelKeyOf(v1X, V0, V1, V0), payload);
    expectWireError(() => openFrame(ownKey, atV0), 'BAD_SENDER');
    // Through sealFrame, as an honest implementation with the wrong sender would.
    expectWireError(() => openFrame(direct({ signer: v1, x25519SecretKey: v1X }), atV0), 'BAD_SENDER');
    // As the user, naming the user's key: group-1 can only key the AEAD with an agreement it can compute.
    for (const key of [
      channelKeyOf(v1X, V0, U, V0),
      channelKeyOf(v1X, U, U, V0),
      channelKeyOf(v1X, V0, V1, V0),
    ]) {
      expectWireError(() => openFrame(sealDirectWith(header(), key, payload), atV0), 'DECRYPT_FAILED');
    }
  });

  it('an outsider cannot send as a member, with its own key or the member’s', () => {
    const eveX = randomX25519SecretKey();
    const E = x25519PublicKey(eveX);
    const asGroup1 = header({ sender: 'group-1', senderX25519: E });
    expectWireError(
      () => openFrame(sealDirectWith(asGroup1, channelKeyOf(eveX, V0, E, V0), payload), atV0),
      'BAD_SENDER',
    );
    const claimed = header({ sender: 'group-1', senderX25519: V1 });
    expectWireError(
      () => openFrame(sealDirectWith(claimed, channelKeyOf(eveX, V0, V1, V0), payload), atV0),
      'DECRYPT_FAILED',
    );
    // Not in the committee at all.
    const stranger = header({ sender: 'group-9', senderX25519: E });
    expectWireError(
      () => openFrame(sealDirectWith(stranger, channelKeyOf(eveX, V0, E, V0), payload), atV0),
      'BAD_SENDER',
    );
  });

  it('refuses a sender X25519 key that is not the registered one, and any while none is known', () => {
    // The user's own account, but a key other than the one its signed envelope registered.
    const otherX = randomX25519SecretKey();
    expectWireError(() => openFrame(direct({ x25519SecretKey: otherX }), atV0), 'BAD_SENDER');
    const unknown = new Map(committee).set(USER, { account: user.publicKey, x25519: null });
    expectWireError(() => openFrame(direct(), { ...atV0, committee: unknown }), 'BAD_SENDER');
    // A server's placeholder before the user's transaction names the key: all zero, a low-order point.
    const zero = new Uint8Array(32);
    const placeholder = new Map(committee).set(USER, { account: user.publicKey, x25519: zero });
    const crafted = sealDirectWith(header({ senderX25519: zero }), new Uint8Array(32), payload);
    expectWireError(() => openFrame(crafted, { ...atV0, committee: placeholder }), 'BAD_KEY');
  });

  it('refuses a frame replayed into another session, round or recipient, relabelled or not', () => {
    const frame = asDirect(direct());
    // As it is, elsewhere.
    expectWireError(() => openFrame(frame, { ...atV0, sessionId: otherSession }), 'WRONG_SESSION');
    expectWireError(
      () => openFrame(frame, { ...atV0, self: 'group-1', x25519SecretKey: v1X }),
      'WRONG_RECIPIENT',
    );
    // Relabelled to fit: the header is the AEAD's associated data, and another recipient another key.
    const relabelled = [
      { ...frame, sessionId: otherSession },
      { ...frame, round: 3 },
      { ...frame, recipient: 'group-1', recipientX25519: V1 },
    ];
    const atOther = { ...atV0, sessionId: otherSession };
    expectWireError(() => openFrame(relabelled[0]!, atOther), 'DECRYPT_FAILED');
    expectWireError(() => openFrame(relabelled[1]!, atV0), 'DECRYPT_FAILED');
    expectWireError(
      () => openFrame(relabelled[2]!, { ...atV0, self: 'group-1', x25519SecretKey: v1X }),
      'DECRYPT_FAILED',
    );
  });

  it('refuses a frame reflected back to its sender as the recipient’s: each direction has its own key', () => {
    // group-0's frame to the user, turned around into a frame from the user to group-0.
    const toUser = asDirect(
      sealFrame({
        sessionId,
        sender: 'group-0',
        signer: v0,
        round: 2,
        payload,
        recipient: { party: USER, x25519PublicKey: U },
        x25519SecretKey: v0X,
      }),
    );
    const reflected = { ...toUser, sender: USER, recipient: 'group-0', senderX25519: U, recipientX25519: V0 };
    expectWireError(() => openFrame(reflected, atV0), 'DECRYPT_FAILED');
    // And as it is, to its own sender: it claims to come from group-0 itself and is not for it.
    expectWireError(() => openFrame(toUser, atV0), 'WRONG_RECIPIENT');
  });
});
