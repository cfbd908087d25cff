import { randomBytes } from '@noble/curves/utils.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createDkg,
  createOtSetup,
  createSigning,
  decodeKeyShare,
  encodeKeyShare,
  ProtocolError,
} from './index';
import type { KeyShare, ProtocolErrorCode } from './index';
import { partyIds, setupDkg } from './testHarness';

/**
 * Every entry point given malformed input throws a ProtocolError with a code — never a TypeError or
 * anything else a caller would have to guess at — and a share is validated on entry.
 */
const CODES: ProtocolErrorCode[] = [
  'MALFORMED',
  'UNEXPECTED',
  'BAD_PROOF',
  'PAIRWISE_CHECK',
  'OT_DISCARDED',
  'OT_STALE',
  'SESSION_REUSED',
  'PAIR_BUSY',
  'BAD_SIGNATURE',
  'BAD_INPUT',
  'INTERNAL',
];

function expectProtocolError(fn: () => unknown, code?: ProtocolErrorCode): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ProtocolError);
  expect(CODES).toContain((thrown as ProtocolError).code);
  if (code) expect((thrown as ProtocolError).code).toBe(code);
}

const garbage: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  NaN,
  'text',
  '',
  [],
  [1, 2],
  {},
  new Uint8Array(0),
  new Uint8Array(33),
  new Map(),
  new Set(),
  () => 1,
  1n,
  Object.create(null),
  new Proxy(
    {},
    {
      get() {
        throw new TypeError('hostile getter');
      },
    },
  ),
];

/** A 33-byte array is a valid session id (16..255 bytes); everything else in `garbage` is not. */
const notSessionId = (value: unknown) => !(value instanceof Uint8Array && value.length >= 16);

const [P0, P1] = partyIds(2) as [string, string];
let share: KeyShare;
let peerShare: KeyShare;

beforeAll(() => {
  const dkg = setupDkg([P0, P1]);
  share = dkg.get(P0)!;
  peerShare = dkg.get(P1)!;
});

const copy = (): KeyShare => decodeKeyShare(encodeKeyShare(share));

/** The share with one part replaced by `value`. */
function variants(value: unknown): KeyShare[] {
  const out: KeyShare[] = [];
  for (const key of ['partyId', 'parties', 'verifyingKey', 'secretShare', 'publicShares', 'ot'] as const) {
    out.push({ ...copy(), [key]: value } as KeyShare);
  }
  const withPair = (change: (pair: Record<string, unknown>) => void): KeyShare => {
    const s = copy();
    const pair = { ...s.ot.get(P1)! } as unknown as Record<string, unknown>;
    change(pair);
    s.ot.set(P1, pair as never);
    return s;
  };
  for (const key of ['asSender', 'asReceiver', 'discarded', 'generation', 'runs']) {
    // An empty Set is a valid (empty) run record, 0 a valid generation.
    if ((key === 'runs' && value instanceof Set) || (key === 'generation' && value === 0)) continue;
    out.push(withPair((p) => (p[key] = value)));
  }
  out.push(withPair((p) => (p.asSender = { delta: value, seeds: new Uint8Array(8192) })));
  out.push(withPair((p) => (p.asReceiver = { seeds0: value, seeds1: value })));
  const s = copy();
  s.ot.set(value as string, s.ot.get(P1)!);
  out.push(s);
  const t = copy();
  t.ot.set(P1, value as never);
  out.push(t);
  return out;
}

describe('entry points refuse malformed input with a typed ProtocolError', () => {
  it('createSigning', () => {
    for (const value of garbage) {
      expectProtocolError(() => createSigning(value as never));
      if (notSessionId(value))
        expectProtocolError(() =>
          createSigning({
            sessionId: value,
            share,
            parties: [P0, P1],
            messageHash: randomBytes(32),
          } as never),
        );
      expectProtocolError(() =>
        createSigning({
          sessionId: randomBytes(32),
          share,
          parties: value,
          messageHash: randomBytes(32),
        } as never),
      );
      expectProtocolError(() =>
        createSigning({ sessionId: randomBytes(32), share, parties: [P0, P1], messageHash: value } as never),
      );
      for (const bad of variants(value)) {
        expectProtocolError(
          () =>
            createSigning({
              sessionId: randomBytes(32),
              share: bad,
              parties: [P0, P1],
              messageHash: randomBytes(32),
            }),
          'BAD_INPUT',
        );
      }
    }
  });

  it('createSigning names its own reason: options not an object, a party set other than the share’s', () => {
    for (const value of [null, undefined, 5, 'options']) {
      expect(() => createSigning(value as never)).toThrow(/options must be an object/);
    }
    // As many parties as the share, one of them another: refused as a party set, before any pair lookup.
    for (const parties of [
      [P0, 'party-9'],
      ['party-9', P0],
    ]) {
      let thrown: ProtocolError | undefined;
      try {
        createSigning({ sessionId: randomBytes(32), share, parties, messageHash: randomBytes(32) });
      } catch (error) {
        thrown = error as ProtocolError;
      }
      expect(thrown?.details).toMatchObject({ reason: 'parties differ from the key share' });
    }
  });

  it('createSigning validates the numbers, not only the types', () => {
    const s = copy();
    for (const generation of [-1, 2 ** 32, 0.5]) {
      s.ot.get(P1)!.generation = generation;
      expectProtocolError(
        () =>
          createSigning({
            sessionId: randomBytes(32),
            share: s,
            parties: [P0, P1],
            messageHash: randomBytes(32),
          }),
        'BAD_INPUT',
      );
    }
    const sign = (bad: KeyShare) => () =>
      createSigning({
        sessionId: randomBytes(32),
        share: bad,
        parties: [P0, P1],
        messageHash: randomBytes(32),
      });
    // The bounds themselves are valid: the last generation, a run record of 32-hex-digit digests.
    const last = copy();
    last.ot.get(P1)!.generation = 0xffffffff;
    last.ot.get(P1)!.runs = new Set(['0123456789abcdef0123456789abcdef']);
    expect(sign(last)).not.toThrow();
    for (const record of [
      '0123456789ABCDEF0123456789ABCDEF',
      '0123456789abcdef',
      'not hex at all, not hex at all!!',
    ]) {
      const bad = copy();
      bad.ot.get(P1)!.runs = new Set(['0123456789abcdef0123456789abcdef', record]);
      expectProtocolError(sign(bad), 'BAD_INPUT');
    }
    // A pair with ourselves is not a pair.
    const selfPair = copy();
    selfPair.ot.set(P0, selfPair.ot.get(P1)!);
    expectProtocolError(sign(selfPair), 'BAD_INPUT');
    const wrongSecret = { ...copy(), secretShare: share.secretShare + 1n };
    expectProtocolError(
      () =>
        createSigning({
          sessionId: randomBytes(32),
          share: wrongSecret,
          parties: [P0, P1],
          messageHash: randomBytes(32),
        }),
      'BAD_INPUT',
    );
    const noPair = copy();
    noPair.ot.delete(P1);
    expectProtocolError(
      () =>
        createSigning({
          sessionId: randomBytes(32),
          share: noPair,
          parties: [P0, P1],
          messageHash: randomBytes(32),
        }),
      'BAD_INPUT',
    );
  });

  it('createDkg', () => {
    for (const value of garbage) {
      expectProtocolError(() => createDkg(value as never));
      if (notSessionId(value))
        expectProtocolError(() => createDkg({ sessionId: value, self: P0, parties: [P0, P1] } as never));
      expectProtocolError(() =>
        createDkg({ sessionId: randomBytes(32), self: value, parties: [P0, P1] } as never),
      );
      expectProtocolError(() => createDkg({ sessionId: randomBytes(32), self: P0, parties: value } as never));
    }
  });

  it('createOtSetup', () => {
    for (const value of garbage) {
      expectProtocolError(() => createOtSetup(value as never));
      if (notSessionId(value))
        expectProtocolError(() => createOtSetup({ sessionId: value, share, counterparty: P1 } as never));
      expectProtocolError(() =>
        createOtSetup({ sessionId: randomBytes(32), share, counterparty: value } as never),
      );
      for (const bad of variants(value)) {
        // A share with no pairs at all is what a restore sets up: valid here.
        if (bad.ot instanceof Map && bad.ot.size === 0) continue;
        expectProtocolError(() =>
          createOtSetup({ sessionId: randomBytes(32), share: bad, counterparty: P1 }),
        );
      }
    }
    expectProtocolError(
      () => createOtSetup({ sessionId: randomBytes(32), share, counterparty: P0 }),
      'BAD_INPUT',
    );
  });

  it('createOtSetup accepts a share that has no pair with the counterparty yet (a restored share)', () => {
    const restored = copy();
    restored.ot.delete(P1);
    expect(() =>
      createOtSetup({ sessionId: randomBytes(32), share: restored, counterparty: P1 }),
    ).not.toThrow();
  });

  it('decodeKeyShare', () => {
    for (const value of garbage) expectProtocolError(() => decodeKeyShare(value as never), 'MALFORMED');
  });
});

describe('a machine refuses a malformed message or one before start() as the caller’s error', () => {
  it('handle() before start() and with something not a { from, payload } message: BAD_INPUT', () => {
    const m = createSigning({
      sessionId: randomBytes(32),
      share: copy(),
      parties: [P0, P1],
      messageHash: randomBytes(32),
    });
    expectProtocolError(() => m.handle({ from: P1, payload: new Uint8Array(8) }), 'BAD_INPUT');
    expect(() => m.handle({ from: P1, payload: new Uint8Array(8) })).toThrow(/not started/);
    m.start();
    for (const message of [null, undefined, 5, 'message', {}, { from: 5, payload: new Uint8Array(8) }]) {
      expectProtocolError(() => m.handle(message as never), 'BAD_INPUT');
      expect(() => m.handle(message as never)).toThrow(/must be \{ from, payload \}/);
    }
    m.close();
    // A closed (or failed) run refuses every later call with the error that ended it.
    for (const message of [{ from: P1, payload: new Uint8Array(8) }, null]) {
      expectProtocolError(() => m.handle(message as never), 'BAD_INPUT');
      expect(() => m.handle(message as never)).toThrow(/^The run was closed$/);
    }
  });
});

describe('a machine holds a message one round ahead (an honest peer can be there)', () => {
  it('round 2 arriving before round 1 is kept and used once round 1 is in', () => {
    const sessionId = randomBytes(32);
    const messageHash = randomBytes(32);
    const start = (s: KeyShare) => {
      const m = createSigning({
        sessionId,
        share: decodeKeyShare(encodeKeyShare(s)),
        parties: [P0, P1],
        messageHash,
      });
      return { m, round1: m.start()[0]!.payload };
    };
    const ours = start(share);
    const theirs = start(peerShare);
    const round2 = theirs.m.handle({ from: P0, payload: ours.round1 }).messages[0]!;
    expect(round2.round).toBe(2);
    expect(ours.m.handle({ from: P1, payload: round2.payload }).messages).toEqual([]);
    expect(ours.m.round).toBe(1);
    ours.m.handle({ from: P1, payload: theirs.round1 });
    expect(ours.m.round).toBe(3);
    ours.m.close();
    theirs.m.close();
  });
});
