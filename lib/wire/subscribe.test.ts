import { Keyring } from '@polkadot/keyring';
import { describe, expect, it } from 'vitest';
import { randomX25519SecretKey, x25519PublicKey } from './crypto';
import {
  SUBSCRIBE_MAX_SKEW_MS,
  createMacSubscribeRequest,
  createSubscribeRequest,
  subscribeRequestFromJson,
  subscribeRequestToJson,
  verifySubscribeRequest,
  type SubscribeRequest,
  type SubscribeRequestJson,
} from './subscribe';
import { expectWireError, flipBit, seededRandom, wireErrorOf } from './test-support';

const keyring = new Keyring({ type: 'sr25519' });
const v1 = keyring.addFromUri('//Charlie');
const eve = keyring.addFromUri('//Eve');
const sessionId = new Uint8Array(32).fill(3);
const now = 1_800_000_000_000;

type Signed = ReturnType<typeof createSubscribeRequest>;

/** group-1 asks group-0 for its stream. */
function request(overrides: Partial<Parameters<typeof createSubscribeRequest>[0]> = {}): Signed {
  return createSubscribeRequest({
    partyId: 'group-1',
    target: 'group-0',
    sessionId,
    signer: v1,
    timestamp: now,
    ...overrides,
  });
}

function overHttp(value: SubscribeRequest): SubscribeRequestJson {
  return JSON.parse(JSON.stringify(subscribeRequestToJson(value))) as SubscribeRequestJson;
}

describe('subscribe request', () => {
  it('round-trips through JSON and verifies at its target', () => {
    const decoded = subscribeRequestFromJson(overHttp(request()));
    expect(decoded).toMatchObject({ partyId: 'group-1', timestamp: now });
    expect(decoded.account).toEqual(v1.publicKey);
    expect(() => verifySubscribeRequest(decoded, { self: 'group-0', now: now + 1000 })).not.toThrow();
  });

  it('is useless at another server (bound to the target)', () => {
    expectWireError(() => verifySubscribeRequest(request(), { self: 'group-2', now }), 'BAD_SIGNATURE');
  });

  it('is replay-limited by the timestamp window, both ways', () => {
    const req = request();
    expectWireError(
      () => verifySubscribeRequest(req, { self: 'group-0', now: now + SUBSCRIBE_MAX_SKEW_MS + 1 }),
      'STALE',
    );
    expectWireError(
      () => verifySubscribeRequest(req, { self: 'group-0', now: now - SUBSCRIBE_MAX_SKEW_MS - 1 }),
      'STALE',
    );
    expectWireError(
      () => verifySubscribeRequest(req, { self: 'group-0', now: now + 5001, maxSkewMs: 5000 }),
      'STALE',
    );
    expect(() =>
      verifySubscribeRequest(req, { self: 'group-0', now: now + SUBSCRIBE_MAX_SKEW_MS }),
    ).not.toThrow();
  });

  const tampered: [string, (r: Signed) => SubscribeRequest][] = [
    ['partyId', (r) => ({ ...r, partyId: 'group-2' })],
    ['sessionId', (r) => ({ ...r, sessionId: flipBit(r.sessionId) })],
    ['account', (r) => ({ ...r, account: eve.publicKey })],
    ['timestamp', (r) => ({ ...r, timestamp: r.timestamp + 1 })],
    ['signature', (r) => ({ ...r, signature: flipBit(r.signature, 9) })],
  ];
  it.each(tampered)('rejects an altered %s', (_field, alter) => {
    const altered = subscribeRequestFromJson(overHttp(alter(request())));
    expectWireError(() => verifySubscribeRequest(altered, { self: 'group-0', now }), 'BAD_SIGNATURE');
  });

  it('decodes strictly', () => {
    const json = overHttp(request());
    const bad: unknown[] = [
      undefined,
      'x',
      { ...json, extra: 0 },
      (({ timestamp: _t, ...rest }) => rest)(json),
      { ...json, partyId: '' },
      { ...json, partyId: 'p'.repeat(65) },
      { ...json, partyId: 7 },
      { ...json, sessionId: '0x' },
      { ...json, sessionId: '0x' + '00'.repeat(65) },
      { ...json, account: json.account.slice(0, -2) },
      { ...json, timestamp: -1 },
      { ...json, timestamp: 1.5 },
      { ...json, timestamp: '1' },
      { ...json, timestamp: 2 ** 53 },
      { ...json, signature: (json as { signature: string }).signature.toUpperCase() },
      { ...json, mac: `0x${'00'.repeat(40)}` },
    ];
    for (const value of bad) expectWireError(() => subscribeRequestFromJson(value), 'MALFORMED');
  });

  it('survives random field values with only WireError', () => {
    const json = overHttp(request());
    const random = seededRandom(21);
    const fields = Object.keys(json) as (keyof SubscribeRequestJson)[];
    for (let i = 0; i < 300; i++) {
      const field = fields[random.int(fields.length)] as keyof SubscribeRequestJson;
      const value = String(json[field]);
      const choices: unknown[] = [
        value.slice(0, random.int(value.length)),
        random.int(2 ** 31),
        null,
        { value },
        String.fromCharCode(...random.bytes(random.int(30))),
      ];
      const mutated = { ...json, [field]: choices[random.int(choices.length)] };
      wireErrorOf(() => verifySubscribeRequest(subscribeRequestFromJson(mutated), { self: 'group-0', now }));
    }
  });
});

describe('subscribe request with a MAC (validator to validator)', () => {
  // Each server's X25519 key, as the chain lists them; eve is anyone else.
  const x = {
    v0: randomX25519SecretKey(),
    v1: randomX25519SecretKey(),
    v2: randomX25519SecretKey(),
    eve: randomX25519SecretKey(),
  };
  const pub = (secret: Uint8Array) => x25519PublicKey(secret);

  /** group-1 (v1) asks group-0 (v0) for its stream. */
  function macRequest(
    overrides: Partial<Parameters<typeof createMacSubscribeRequest>[0]> = {},
  ): ReturnType<typeof createMacSubscribeRequest> {
    return createMacSubscribeRequest({
      partyId: 'group-1',
      target: 'group-0',
      sessionId,
      account: v1.publicKey,
      x25519SecretKey: x.v1,
      targetX25519PublicKey: pub(x.v0),
      timestamp: now,
      ...overrides,
    });
  }
  /** What group-0 checks a request with: its own secret and the key it knows for group-1. */
  const atV0 = {
    self: 'group-0',
    now,
    channel: { x25519SecretKey: x.v0, subscriberX25519PublicKey: pub(x.v1) },
  };

  it('round-trips through JSON and verifies at its target with the keys it knows', () => {
    const json = overHttp(macRequest());
    expect(Object.keys(json).sort()).toEqual(['account', 'mac', 'partyId', 'sessionId', 'timestamp']);
    const decoded = subscribeRequestFromJson(json);
    expect(decoded.mac).toHaveLength(40);
    expect(decoded.signature).toBeUndefined();
    expect(() => verifySubscribeRequest(decoded, { ...atV0, now: now + 1000 })).not.toThrow();
  });

  it('made with another X25519 key than the one the target knows for the member: refused', () => {
    // Eve claims group-1 with her own key, made out to the target's real key.
    const forged = macRequest({ x25519SecretKey: x.eve });
    expectWireError(() => verifySubscribeRequest(forged, atV0), 'BAD_SIGNATURE');
    // Or made out to a key that is not the target's.
    const misaddressed = macRequest({ targetX25519PublicKey: pub(x.eve) });
    expectWireError(() => verifySubscribeRequest(misaddressed, atV0), 'BAD_SIGNATURE');
  });

  it('is useless at another server (bound to the target by its id and its key)', () => {
    const atV2 = {
      self: 'group-2',
      now,
      channel: { x25519SecretKey: x.v2, subscriberX25519PublicKey: pub(x.v1) },
    };
    expectWireError(() => verifySubscribeRequest(macRequest(), atV2), 'BAD_SIGNATURE');
    // Made out to group-0's key but presented at a server that calls itself another id.
    expectWireError(
      () => verifySubscribeRequest(macRequest(), { ...atV0, self: 'group-2' }),
      'BAD_SIGNATURE',
    );
  });

  it('is useless for another session', () => {
    const moved = { ...macRequest(), sessionId: new Uint8Array(32).fill(4) };
    expectWireError(() => verifySubscribeRequest(moved, atV0), 'BAD_SIGNATURE');
  });

  it('a replay is limited by the timestamp window', () => {
    expectWireError(
      () => verifySubscribeRequest(macRequest(), { ...atV0, now: now + SUBSCRIBE_MAX_SKEW_MS + 1 }),
      'STALE',
    );
  });

  const tampered: [string, (r: ReturnType<typeof createMacSubscribeRequest>) => SubscribeRequest][] = [
    ['partyId', (r) => ({ ...r, partyId: 'group-2' })],
    ['sessionId', (r) => ({ ...r, sessionId: flipBit(r.sessionId) })],
    ['account', (r) => ({ ...r, account: eve.publicKey })],
    ['timestamp', (r) => ({ ...r, timestamp: r.timestamp + 1 })],
    ['mac nonce', (r) => ({ ...r, mac: flipBit(r.mac, 3) })],
    ['mac tag', (r) => ({ ...r, mac: flipBit(r.mac, 30) })],
  ];
  it.each(tampered)('rejects an altered %s', (_field, alter) => {
    const altered = subscribeRequestFromJson(overHttp(alter(macRequest())));
    expectWireError(() => verifySubscribeRequest(altered, atV0), 'BAD_SIGNATURE');
  });

  it('needs the X25519 key the target knows for the subscriber: none, or all zero (not known yet), is BAD_KEY', () => {
    expectWireError(() => verifySubscribeRequest(macRequest(), { self: 'group-0', now }), 'BAD_KEY');
    const unknown = {
      ...atV0,
      channel: { x25519SecretKey: x.v0, subscriberX25519PublicKey: new Uint8Array(32) },
    };
    expectWireError(() => verifySubscribeRequest(macRequest(), unknown), 'BAD_KEY');
  });

  it('decodes strictly: a MAC of 40 bytes, never with a signature', () => {
    const json = overHttp(macRequest()) as SubscribeRequestJson & { mac: string };
    const signed = overHttp(request()) as SubscribeRequestJson & { signature: string };
    const bad: unknown[] = [
      { ...json, signature: signed.signature },
      { ...json, mac: json.mac.slice(0, -2) },
      { ...json, mac: `${json.mac}00` },
      { ...json, mac: json.mac.toUpperCase() },
      { ...json, mac: null },
    ];
    for (const value of bad) expectWireError(() => subscribeRequestFromJson(value), 'MALFORMED');
    // A request object with both, made in code, is refused too.
    const both = { ...macRequest(), signature: request().signature } as unknown as SubscribeRequest;
    expectWireError(() => verifySubscribeRequest(both, atV0), 'MALFORMED');
  });
});
