import { bytesToHex, randomBytes } from '@noble/curves/utils.js';
import { describe, expect, it } from 'vitest';
import { COMMITMENT_BYTES, SALT_BYTES } from './commitment';
import { G, pointToBytes, q, randomScalar } from './curve';
import { createDkg } from './dkg';
import { writeHeader, Kind } from './envelope';
import { ProtocolError } from './errors';
import type { KeyShare } from './keyShare';
import { runLocally } from './simulate';
import type { Delivery } from './simulate';
import { expectValid, runSigning } from './testHarness';

const USER = 'user';
const PARTIES = [USER, 'group-0'];
// A round-2 body ends with the Schnorr proof (R 33, z 32) and then κ = 256 base-OT points of 33 bytes.
const KAPPA_POINTS = 256 * 33;
const PROOF_BYTES = 65;

/** One DKG where the user's share is `secret` (the validators' stay random). */
function dkgWithUserShare(
  secret: bigint,
  sessionId: Uint8Array,
  intercept?: (d: Delivery) => Uint8Array | null,
): Map<string, KeyShare> {
  return runLocally(
    new Map(
      PARTIES.map((p) => [
        p,
        createDkg({ sessionId, self: p, parties: PARTIES, ...(p === USER ? { secretShare: secret } : {}) }),
      ]),
    ),
    intercept,
  );
}

function catchProtocolError(fn: () => unknown): ProtocolError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ProtocolError);
    return e as ProtocolError;
  }
  throw new Error('expected a ProtocolError');
}

describe('DKG with a given (derived) secret share', () => {
  it('keeps the given share, publishes x·G for it, and the key signs', async () => {
    const x = randomScalar();
    const shares = dkgWithUserShare(x, randomBytes(32));
    const user = shares.get(USER)!;
    expect(user.secretShare).toBe(x);
    const xG = bytesToHex(pointToBytes(G.multiply(x)));
    for (const share of shares.values()) {
      expect(bytesToHex(share.publicShares[share.parties.indexOf(USER)]!)).toBe(xG);
    }
    const hash = randomBytes(32);
    const all = PARTIES.map((p) => shares.get(p)!);
    await expectValid(all, runSigning(all, hash), hash);
  });

  it('a retry with the same share gets a new key (validators resample) and sends fresh salt and proof', () => {
    const x = randomScalar();
    const sent: Uint8Array[] = [];
    const capture = (d: Delivery) => {
      if (d.from === USER && d.round === 2) sent.push(d.payload);
      return d.payload;
    };
    const first = dkgWithUserShare(x, randomBytes(32), capture);
    const second = dkgWithUserShare(x, randomBytes(32), capture);
    expect(bytesToHex(first.get(USER)!.verifyingKey)).not.toBe(bytesToHex(second.get(USER)!.verifyingKey));
    // Same public share, but the salt and the proof's nonce commitment R are fresh in each run.
    const tail = (p: Uint8Array) => p.subarray(p.length - KAPPA_POINTS - PROOF_BYTES - 32 - 33);
    const [a, b] = sent.map(tail) as [Uint8Array, Uint8Array];
    expect(bytesToHex(a.subarray(0, 33))).toBe(bytesToHex(b.subarray(0, 33)));
    expect(bytesToHex(a.subarray(33, 65))).not.toBe(bytesToHex(b.subarray(33, 65)));
    expect(bytesToHex(a.subarray(65, 98))).not.toBe(bytesToHex(b.subarray(65, 98)));
  });

  it('a proof of the same share from an earlier run does not verify in a later one (bound to the session)', () => {
    const x = randomScalar();
    const s1 = randomBytes(32);
    const s2 = randomBytes(32);
    let earlier: Uint8Array = new Uint8Array();
    dkgWithUserShare(x, s1, (d) => {
      if (d.from === USER && d.round === 2) earlier = d.payload;
      return d.payload;
    });
    const proofOf = (p: Uint8Array) =>
      p.subarray(p.length - KAPPA_POINTS - PROOF_BYTES, p.length - KAPPA_POINTS);
    const err = catchProtocolError(() =>
      dkgWithUserShare(x, s2, (d) => {
        if (d.from !== USER || d.round !== 2) return d.payload;
        const replayed = d.payload.slice();
        replayed.set(proofOf(earlier), replayed.length - KAPPA_POINTS - PROOF_BYTES);
        return replayed;
      }),
    );
    expect(err.code).toBe('BAD_PROOF');
    expect(err.details).toMatchObject({ culprit: USER, reason: 'invalid Schnorr proof' });
  });

  it('an earlier run’s opening (public share and salt) does not open a later commitment', () => {
    const x = randomScalar();
    const s1 = randomBytes(32);
    const s2 = randomBytes(32);
    const bodies = new Map<number, Uint8Array>();
    const headerLength = (sessionId: Uint8Array, round: number) =>
      writeHeader(Kind.Dkg, round, sessionId, USER, 'group-0').finish().length;
    dkgWithUserShare(x, s1, (d) => {
      if (d.from === USER) bodies.set(d.round, d.payload.subarray(headerLength(s1, d.round)));
      return d.payload;
    });
    // The first run's commitment (round 1) and opening — public share and salt (round 2) — in the second
    // run's messages: the commitment binds s1, so it does not open under s2.
    const prefix = { 1: COMMITMENT_BYTES, 2: 33 + SALT_BYTES } as Record<number, number>;
    const err = catchProtocolError(() =>
      dkgWithUserShare(x, s2, (d) => {
        if (d.from !== USER || d.round > 2) return d.payload;
        const out = d.payload.slice();
        out.set(bodies.get(d.round)!.subarray(0, prefix[d.round]), headerLength(s2, d.round));
        return out;
      }),
    );
    expect(err.code).toBe('BAD_PROOF');
    expect(err.details).toMatchObject({ culprit: USER, reason: 'commitment does not open' });
  });

  it.each([
    ['zero', 0n],
    ['q', q],
    ['above q', q + 5n],
    ['negative', -1n],
    ['a number, not a bigint', 5],
  ])('refuses a given share that is %s with BAD_INPUT', (_, secretShare) => {
    const err = catchProtocolError(() =>
      createDkg({
        sessionId: randomBytes(32),
        self: USER,
        parties: PARTIES,
        secretShare: secretShare as bigint,
      }),
    );
    expect(err.code).toBe('BAD_INPUT');
  });
});
