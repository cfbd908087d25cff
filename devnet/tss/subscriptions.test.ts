/**
 * Who may open a server's stream (`SubscriptionGate`, as `/signer/subscribe_to_me` uses it): the attacks
 * on a subscription by a MAC under the members' X25519 keys, and the signed one the user still sends.
 */
import { cryptoWaitReady, sr25519PairFromSeed } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  WireError,
  createMacSubscribeRequest,
  createSubscribeRequest,
  randomX25519SecretKey,
  sr25519Signer,
  subscribeRequestToJson,
  x25519PublicKey,
  type SubscribeRequest,
} from '../../lib/wire';
import { TssError } from './errors';
import type { Member } from './session';
import { SubscriptionGate, type SubscribedSession } from './subscriptions';

const signer = (i: number) => sr25519Signer(sr25519PairFromSeed(new Uint8Array(32).fill(i)));
const v0 = { signer: signer(1), x25519: randomX25519SecretKey() };
const v1 = { signer: signer(2), x25519: randomX25519SecretKey() };
const v2 = { signer: signer(3), x25519: randomX25519SecretKey() };
const user = { signer: signer(4), x25519: randomX25519SecretKey() };
const eve = { signer: signer(5), x25519: randomX25519SecretKey() };
const sessionId = new Uint8Array(32).fill(7);
const otherSessionId = new Uint8Array(32).fill(8);

const member = (partyId: string, who: typeof v0, knownX25519 = true): Member => ({
  partyId,
  account: who.signer.publicKey,
  x25519: knownX25519 ? x25519PublicKey(who.x25519) : new Uint8Array(32),
  endpoint: who === user ? null : `http://${partyId}`,
});

/** group-0's view of a session of group-0, group-1, group-2 and the user (its key not known yet). */
function session(id = sessionId, userKnown = false): SubscribedSession {
  const members = [
    member('group-0', v0),
    member('group-1', v1),
    member('group-2', v2),
    member('5User', user, userKnown),
  ];
  return { id: Buffer.from(id).toString('hex'), member: (p) => members.find((m) => m.partyId === p) };
}

/** group-1 (or `as`) asks group-0 for its stream, by a MAC. */
function macRequest(
  overrides: Partial<Parameters<typeof createMacSubscribeRequest>[0]> = {},
): SubscribeRequest {
  return createMacSubscribeRequest({
    partyId: 'group-1',
    target: 'group-0',
    sessionId,
    account: v1.signer.publicKey,
    x25519SecretKey: v1.x25519,
    targetX25519PublicKey: x25519PublicKey(v0.x25519),
    ...overrides,
  });
}

/** As the route does: the JSON body checked, then admitted to the session. */
function subscribe(gate: SubscriptionGate, request: SubscribeRequest, to = session()): void {
  gate.admit(gate.check(JSON.parse(JSON.stringify(subscribeRequestToJson(request)))), to);
}

function refusal(run: () => void): string {
  try {
    run();
  } catch (error) {
    if (error instanceof WireError || error instanceof TssError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('SubscriptionGate', () => {
  let gate: SubscriptionGate;
  beforeAll(async () => {
    await cryptoWaitReady();
  });
  const fresh = () => (gate = new SubscriptionGate({ partyId: 'group-0', x25519SecretKey: v0.x25519 }));

  it('admits a member by its MAC, and a later one of it again', () => {
    fresh();
    const now = Date.now();
    expect(refusal(() => subscribe(gate, macRequest({ timestamp: now })))).toBe('accepted');
    expect(refusal(() => subscribe(gate, macRequest({ timestamp: now + 1 })))).toBe('accepted');
    expect(
      refusal(() =>
        subscribe(
          gate,
          macRequest({ partyId: 'group-2', account: v2.signer.publicKey, x25519SecretKey: v2.x25519 }),
        ),
      ),
    ).toBe('accepted');
  });

  it('refuses a MAC made with another X25519 key than the member has in the session', () => {
    fresh();
    // Eve claims group-1 (its account, which is public) with her own X25519 key.
    expect(refusal(() => subscribe(gate, macRequest({ x25519SecretKey: eve.x25519 })))).toBe('BAD_SIGNATURE');
    // group-2's key passed off as group-1's.
    expect(refusal(() => subscribe(gate, macRequest({ x25519SecretKey: v2.x25519 })))).toBe('BAD_SIGNATURE');
  });

  it('refuses a replay: the same request again, or an older one', () => {
    fresh();
    const now = Date.now();
    const request = macRequest({ timestamp: now });
    expect(refusal(() => subscribe(gate, request))).toBe('accepted');
    expect(refusal(() => subscribe(gate, request))).toBe('UNAUTHORIZED');
    expect(refusal(() => subscribe(gate, macRequest({ timestamp: now - 1 })))).toBe('UNAUTHORIZED');
    // Older than the window, even if never seen.
    fresh();
    expect(refusal(() => subscribe(gate, macRequest({ timestamp: now - 120_000 })))).toBe('STALE');
  });

  it('refuses a request made for another session, or moved to one', () => {
    fresh();
    const other = session(otherSessionId);
    // Made for the other session, presented with this one's id: the MAC covers the session id.
    const made = macRequest({ sessionId: otherSessionId });
    expect(refusal(() => subscribe(gate, { ...made, sessionId }))).toBe('BAD_SIGNATURE');
    // Accepted in one session, it does not count in another's replay order, nor open it.
    const now = Date.now();
    expect(refusal(() => subscribe(gate, macRequest({ timestamp: now })))).toBe('accepted');
    expect(
      refusal(() => subscribe(gate, macRequest({ sessionId: otherSessionId, timestamp: now }), other)),
    ).toBe('accepted');
  });

  it('refuses a request made for another server (its id or its key)', () => {
    fresh();
    expect(refusal(() => subscribe(gate, macRequest({ target: 'group-2' })))).toBe('BAD_SIGNATURE');
    const toV2Key = macRequest({ targetX25519PublicKey: x25519PublicKey(v2.x25519) });
    expect(refusal(() => subscribe(gate, toV2Key))).toBe('BAD_SIGNATURE');
  });

  it('refuses a tampered request', () => {
    fresh();
    const request = macRequest() as SubscribeRequest & { mac: Uint8Array };
    const flip = (bytes: Uint8Array, i: number) => bytes.map((b, j) => (j === i ? b ^ 1 : b));
    const cases: SubscribeRequest[] = [
      { ...request, timestamp: request.timestamp + 1 },
      { ...request, partyId: 'group-2', account: v2.signer.publicKey },
      { ...request, mac: flip(request.mac, 0) },
      { ...request, mac: flip(request.mac, 39) },
    ];
    for (const altered of cases) expect(refusal(() => subscribe(gate, altered))).toBe('BAD_SIGNATURE');
  });

  it('refuses a stranger, a member under another account, and itself', () => {
    fresh();
    const stranger = macRequest({ partyId: 'group-9' });
    expect(refusal(() => subscribe(gate, stranger))).toBe('NOT_MEMBER');
    expect(refusal(() => subscribe(gate, macRequest({ account: eve.signer.publicKey })))).toBe('NOT_MEMBER');
    const self = macRequest({ partyId: 'group-0', account: v0.signer.publicKey, x25519SecretKey: v0.x25519 });
    expect(refusal(() => subscribe(gate, self))).toBe('NOT_MEMBER');
  });

  it("the user's MAC counts only once its X25519 key is known; its signature always", () => {
    fresh();
    const byMac = () =>
      macRequest({ partyId: '5User', account: user.signer.publicKey, x25519SecretKey: user.x25519 });
    expect(refusal(() => subscribe(gate, byMac()))).toBe('BAD_KEY');
    expect(refusal(() => subscribe(gate, byMac(), session(sessionId, true)))).toBe('accepted');
    const signed = createSubscribeRequest({
      partyId: '5User',
      target: 'group-0',
      sessionId,
      signer: user.signer,
    });
    expect(refusal(() => subscribe(gate, signed))).toBe('accepted');
    // A signature is checked before any session is looked for.
    const forged = createSubscribeRequest({
      partyId: '5User',
      target: 'group-2',
      sessionId,
      signer: user.signer,
    });
    expect(refusal(() => gate.check(JSON.parse(JSON.stringify(subscribeRequestToJson(forged)))))).toBe(
      'BAD_SIGNATURE',
    );
  });
});
