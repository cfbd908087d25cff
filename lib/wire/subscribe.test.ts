import { Keyring } from '@polkadot/keyring';
import { describe, expect, it } from 'vitest';
import {
  SUBSCRIBE_MAX_SKEW_MS,
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

/** group-1 asks group-0 for its stream. */
function request(overrides: Partial<Parameters<typeof createSubscribeRequest>[0]> = {}): SubscribeRequest {
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

  const tampered: [string, (r: SubscribeRequest) => SubscribeRequest][] = [
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
      { ...json, signature: json.signature.toUpperCase() },
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
