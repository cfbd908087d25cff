import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, randomBytes } from '@noble/curves/utils.js';
import { publicKeyToAddress } from 'viem/accounts';
import { beforeAll, describe, expect, it } from 'vitest';
import { Reader } from './codec';
import { G, q, randomScalar, scalarToBytes } from './curve';
import { Kind, openEnvelope, writeHeader } from './envelope';
import { GfAccumulator, gfWords } from './gf256';
import { Transcript } from './hash';
import { createSigning, decodeKeyShare, encodeKeyShare, ethereumAddress, ProtocolError } from './index';
import type { KeyShare } from './index';
import { canonicalParties, checkKeyShare } from './keyShare';
import type { PairwiseOt } from './keyShare';
import { assertLive, claimPairs, releasePairs, runDigest } from './pairState';
import { proveSchnorr, verifySchnorr } from './schnorr';
import { partyIds, setupDkg, syntheticShare } from './testHarness';

/** Calls fn; passes if it returns or throws a ProtocolError, fails on any other exception. */
function onlyProtocolErrors(fn: () => unknown): ProtocolError | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (!(e instanceof ProtocolError)) throw e;
    return e;
  }
}

describe('strict decoding', () => {
  const parties = partyIds(2);
  let shares: KeyShare[];
  let encoded: Uint8Array;
  let round1: Uint8Array;
  const sessionId = randomBytes(32);
  // A fresh copy each time: a corrupted message that completes round 1 fails the pair's OT check
  // and (correctly) marks the share's OT setup as discarded.
  const machine = () => {
    const share = decodeKeyShare(encodeKeyShare(shares[0]!));
    const m = createSigning({ sessionId, share, parties, messageHash: randomBytes(32) });
    m.start();
    return m;
  };

  beforeAll(() => {
    const dkg = setupDkg(parties);
    shares = parties.map((p) => dkg.get(p)!);
    encoded = encodeKeyShare(shares[0]!);
    const other = createSigning({ sessionId, share: shares[1]!, parties, messageHash: randomBytes(32) });
    round1 = other.start()[0]!.payload;
  });

  it('fuzz: random bytes and truncations only ever throw ProtocolError (blaming the sender)', () => {
    const m = machine();
    for (let i = 0; i < 300; i++) {
      const junk = randomBytes(Math.floor(Math.random() * 200));
      const err = onlyProtocolErrors(() => m.handle({ from: parties[1]!, payload: junk }));
      expect(err?.details.culprit).toBe(parties[1]);
    }
    for (let i = 0; i < 200; i++) {
      const cut = round1.subarray(0, Math.floor(Math.random() * round1.length));
      const err = onlyProtocolErrors(() => m.handle({ from: parties[1]!, payload: cut }));
      expect(err?.code).toBe('MALFORMED');
    }
    // Random single-byte corruption of the header and body.
    for (let i = 0; i < 60; i++) {
      const bad = round1.slice();
      bad[Math.floor(Math.random() * 120)]! ^= 1 + Math.floor(Math.random() * 255);
      onlyProtocolErrors(() => machine().handle({ from: parties[1]!, payload: bad }));
    }
    const notBytes = onlyProtocolErrors(() =>
      m.handle({ from: parties[1]!, payload: 'hello' as unknown as Uint8Array }),
    );
    expect(notBytes?.code).toBe('UNEXPECTED');
    expect(onlyProtocolErrors(() => m.handle({ from: parties[1]!, payload: round1 }))).toBeUndefined();
  });

  it('fuzz: the key-share decoder only throws ProtocolError', () => {
    expect(bytesToHex(encodeKeyShare(decodeKeyShare(encoded)))).toBe(bytesToHex(encoded));
    for (let i = 0; i < 300; i++) {
      expect(
        onlyProtocolErrors(() => decodeKeyShare(randomBytes(Math.floor(Math.random() * 400)))),
      ).toBeDefined();
      const cut = encoded.subarray(0, Math.floor(Math.random() * encoded.length));
      expect(onlyProtocolErrors(() => decodeKeyShare(cut))?.code).toBe('MALFORMED');
    }
    const extra = new Uint8Array(encoded.length + 1);
    extra.set(encoded);
    expect(onlyProtocolErrors(() => decodeKeyShare(extra))?.message).toMatch(/trailing/);
    // A secret share that does not match its public share is refused.
    const wrong = encoded.slice();
    // Per pair: discarded flag, generation (u32), setup id (16), run count (u16, none here), Δ, three seed arrays.
    const offset = wrong.length - 2 * 33 - 1 * (1 + 4 + 16 + 2 + 32 + 3 * 256 * 32) - 1;
    wrong[offset]! ^= 1;
    expect(onlyProtocolErrors(() => decodeKeyShare(wrong))?.message).toMatch(/does not match|out of range/);
  });

  it('signing options are validated: hash length, party set, malformed share', () => {
    const share = decodeKeyShare(encoded);
    const base = { sessionId, share, parties, messageHash: randomBytes(32) };
    expect(onlyProtocolErrors(() => createSigning({ ...base, messageHash: randomBytes(31) }))?.code).toBe(
      'BAD_INPUT',
    );
    expect(onlyProtocolErrors(() => createSigning({ ...base, parties: [parties[0]!, 'other'] }))?.code).toBe(
      'BAD_INPUT',
    );
    const broken = { ...share, publicShares: [new Uint8Array(33), share.publicShares[1]!] };
    expect(onlyProtocolErrors(() => createSigning({ ...base, share: broken }))?.code).toBe('BAD_INPUT');
  });

  /** A well-formed round-3 (broadcast) message from party-1 with the given body. */
  function round3(body: Uint8Array): Uint8Array {
    return writeHeader(Kind.Sign, 3, sessionId, parties[1]!, null).bytes(body).finish();
  }

  it('zero and out-of-range scalars, identity and off-curve points are refused', () => {
    const r = (bytes: Uint8Array) => new Reader(bytes, { culprit: 'x', what: 'test' });
    expect(() => r(new Uint8Array(32)).scalar()).toThrow(/zero scalar/);
    expect(() => r(scalarToBytes(q - 1n).map((b, i) => (i === 31 ? b + 1 : b))).scalar()).toThrow(
      /out of range/,
    );
    expect(() => r(new Uint8Array(33)).point()).toThrow(/invalid or identity/);
    const offCurve = new Uint8Array(33);
    offCurve[0] = 2;
    offCurve[32] = 5; // x = 5: x³ + 7 = 132 is not a square mod p
    expect(() => r(offCurve).point()).toThrow(/invalid or identity/);
    // In a message: a zero share in round 3 is MALFORMED and blamed on the sender.
    const m = machine();
    const body = new Uint8Array(64);
    body.set(scalarToBytes(randomScalar()), 32);
    const err = onlyProtocolErrors(() => m.handle({ from: parties[1]!, payload: round3(body) }));
    expect(err?.details.culprit).toBe(parties[1]);
  });
});

/** The index of the only byte where two encodings differ. */
function differingByte(a: Uint8Array, b: Uint8Array): number {
  const at = a.findIndex((x, i) => x !== b[i]);
  expect(a.length).toBe(b.length);
  expect(a.findIndex((x, i) => i > at && x !== b[i])).toBe(-1);
  return at;
}

describe('the key-share decoder refuses every inconsistent share (a restored backup is untrusted input)', () => {
  const decodeError = (bytes: Uint8Array) => onlyProtocolErrors(() => decodeKeyShare(bytes));
  const roundTrips = (share: KeyShare) =>
    bytesToHex(encodeKeyShare(decodeKeyShare(encodeKeyShare(share)))) === bytesToHex(encodeKeyShare(share));

  it('2..16 parties decode; 1 and 17 are refused', () => {
    expect(roundTrips(syntheticShare(canonicalParties(partyIds(2))))).toBe(true);
    expect(roundTrips(syntheticShare(canonicalParties(partyIds(16))))).toBe(true);
    for (const n of [1, 17]) {
      const err = decodeError(encodeKeyShare(syntheticShare(canonicalParties(partyIds(n)))));
      expect(err?.code).toBe('MALFORMED');
      expect(err?.message).toMatch(/party count/);
    }
  });

  it('an unsorted or repeated party list, or an own id outside it, is refused', () => {
    const [a, b, c] = canonicalParties(partyIds(3)) as [string, string, string];
    for (const parties of [
      [b, a],
      [a, b, b],
      [a, a, b],
    ]) {
      expect(decodeError(encodeKeyShare(syntheticShare(parties)))?.message).toMatch(/sorted and unique/);
    }
    const outsider = { ...syntheticShare([a, b]), partyId: c };
    outsider.ot.set(a, syntheticShare([c, a]).ot.get(a)!);
    expect(decodeError(encodeKeyShare(outsider))?.message).toMatch(/not in the party list/);
  });

  it('public values must agree: Σ pk_j = pk', () => {
    const share = syntheticShare(canonicalParties(partyIds(3)));
    const other = syntheticShare(share.parties);
    expect(decodeError(encodeKeyShare({ ...share, verifyingKey: other.verifyingKey }))?.message).toMatch(
      /do not sum/,
    );
  });

  it('unknown versions are refused; versions 2 (no setup ids) and 1 (nor generations, run records) still decode', () => {
    const share = syntheticShare(canonicalParties(partyIds(2)));
    const [peer] = [...share.ot.keys()] as [string];
    const v3 = encodeKeyShare(share);
    const v4 = v3.slice();
    v4[0] = 4;
    expect(decodeError(v4)?.message).toMatch(/unsupported version 4/);
    const flag = differingByte(
      v3,
      encodeKeyShare({
        ...share,
        ot: new Map([...share.ot].map(([p, o]) => [p, { ...o, discarded: true }])),
      }),
    );
    // Version 2 is version 3 without the pair's setup id (16 bytes after the generation): it reads as zero.
    const v2 = new Uint8Array(v3.length - 16);
    v2.set(v3.subarray(0, flag + 5));
    v2.set(v3.subarray(flag + 5 + 16), flag + 5);
    v2[0] = 2;
    const fromV2 = decodeKeyShare(v2);
    expect(fromV2.ot.get(peer)!.setupId).toEqual(new Uint8Array(16));
    expect(bytesToHex(encodeKeyShare(fromV2))).toBe(
      bytesToHex(
        encodeKeyShare({
          ...share,
          ot: new Map([[peer, { ...share.ot.get(peer)!, setupId: new Uint8Array(16) }]]),
        }),
      ),
    );
    // Version 1 is version 2 without the generation (u32) and the run count (u16).
    const v1 = new Uint8Array(v2.length - 6);
    v1.set(v2.subarray(0, flag + 1));
    v1.set(v2.subarray(flag + 7), flag + 1);
    v1[0] = 1;
    const fromV1 = decodeKeyShare(v1);
    expect(fromV1.ot.get(peer)!.generation).toBe(0);
    expect(bytesToHex(encodeKeyShare(fromV1))).toBe(bytesToHex(encodeKeyShare(fromV2)));
  });

  it('a discarded flag other than 0/1 and a session id recorded twice are refused', () => {
    const share = syntheticShare(canonicalParties(partyIds(2)));
    const [peer] = [...share.ot.keys()] as [string];
    const pair = share.ot.get(peer)!;
    const kept = encodeKeyShare(share);
    pair.discarded = true;
    const flag = differingByte(kept, encodeKeyShare(share));
    const two = kept.slice();
    two[flag] = 2;
    expect(decodeError(two)?.message).toMatch(/discarded flag/);
    pair.discarded = false;
    pair.runs = new Set([runDigest(randomBytes(32)), runDigest(randomBytes(32))]);
    const twice = encodeKeyShare(share);
    // The run record follows the flag (1), the generation (4), the setup id (16) and the count (2).
    const first = flag + 1 + 4 + 16 + 2;
    twice.copyWithin(first + 16, first, first + 16);
    expect(decodeError(twice)?.message).toMatch(/recorded twice/);
    expect(decodeKeyShare(encodeKeyShare(share)).ot.get(peer)!.runs).toEqual(pair.runs);
  });
});

/**
 * Each check says what it found: a removed check must not hide behind a later one (or the entry points'
 * generic wrapper) that throws the same code for another reason. From the mutation run of 2026-11-27.
 */
describe('every check of a key share, a pair and an envelope names its own reason', () => {
  const reasonOf = (fn: () => unknown) => onlyProtocolErrors(fn)?.details.reason;
  const [a, b, c] = canonicalParties(partyIds(3)) as [string, string, string];

  it('a decoded share does not alias the bytes it came from (a caller may wipe them)', () => {
    const bytes = encodeKeyShare(syntheticShare([a, b, c]));
    const expected = bytesToHex(bytes);
    const decoded = decodeKeyShare(bytes);
    bytes.fill(0);
    expect(bytesToHex(encodeKeyShare(decoded))).toBe(expected);
  });

  it('the decoder names a key share and refuses a party list sorted everywhere but one place', () => {
    const bytes = encodeKeyShare(syntheticShare([a, b]));
    const err = onlyProtocolErrors(() => decodeKeyShare(bytes.subarray(0, 10)));
    expect(err?.message).toMatch(/^Malformed key share: truncated/);
    expect(reasonOf(() => decodeKeyShare(encodeKeyShare(syntheticShare([a, c, b]))))).toBe(
      'party list not sorted and unique',
    );
  });

  it('checkKeyShare: not an object, a bad party list', () => {
    for (const value of [null, undefined, 5, 'share'])
      expect(reasonOf(() => checkKeyShare(value))).toBe('not an object');
    const share = syntheticShare([a, b]);
    const many = syntheticShare(canonicalParties(partyIds(17)));
    // The bounds themselves are valid: 16 parties, a party id of 64 characters.
    expect(() => checkKeyShare(syntheticShare(canonicalParties(partyIds(16))))).not.toThrow();
    expect(() => checkKeyShare(syntheticShare([a, 'z'.repeat(64)]))).not.toThrow();
    for (const parties of [undefined, 'ab', [a], [a, 5], ['', a], [a, 'z'.repeat(65)], many.parties]) {
      expect(reasonOf(() => checkKeyShare({ ...share, parties }))).toBe('parties must list 2..16 party ids');
    }
    expect(reasonOf(() => checkKeyShare(many))).toBe('parties must list 2..16 party ids');
    for (const parties of [
      [b, a],
      [a, a],
      [a, b, b],
      [a, c, b],
    ]) {
      expect(reasonOf(() => checkKeyShare(syntheticShare(parties)))).toBe(
        'parties must be sorted and unique',
      );
    }
  });

  it('checkKeyShare: a pair that is not an object, or whose seeds are not objects, or a malformed run record', () => {
    const withPair = (change: (pair: Record<string, unknown>) => void) => {
      const share = syntheticShare([a, b]);
      const pair = { ...share.ot.get(b)! } as unknown as Record<string, unknown>;
      change(pair);
      share.ot.set(b, pair as never);
      return share;
    };
    expect(() => checkKeyShare(withPair(() => {}))).not.toThrow();
    for (const value of [null, undefined, 5, 'pair']) {
      const share = syntheticShare([a, b]);
      share.ot.set(b, value as never);
      expect(reasonOf(() => checkKeyShare(share))).toBe(`the OT setup with ${b} is not an object`);
    }
    for (const value of [null, undefined, 5]) {
      for (const side of ['asSender', 'asReceiver']) {
        expect(reasonOf(() => checkKeyShare(withPair((p) => void (p[side] = value))))).toBe(
          `the OT setup with ${b} has malformed seeds`,
        );
      }
    }
    const digest = runDigest(randomBytes(32));
    for (const record of [`0${digest}`, `${digest}0`]) {
      expect(reasonOf(() => checkKeyShare(withPair((p) => void (p.runs = new Set([record])))))).toBe(
        `the OT setup with ${b} has a malformed run record`,
      );
    }
  });

  it('checkKeyShare: the party id, the public values, the OT map and each pair’s flag and generation', () => {
    const share = syntheticShare([a, b]);
    const reason = (change: Record<string, unknown>, pairs?: 'all' | 'present') =>
      reasonOf(() => checkKeyShare({ ...share, ...change }, pairs));
    for (const partyId of [c, 5, undefined])
      expect(reason({ partyId })).toBe('partyId must be one of the parties');
    for (const verifyingKey of [new Uint8Array(33), share.verifyingKey.subarray(0, 32), undefined, 'key'])
      expect(reason({ verifyingKey })).toBe('verifyingKey is not a compressed point');
    for (const secretShare of [0n, q, -1n, 1, undefined])
      expect(reason({ secretShare })).toBe('secretShare is not a non-zero scalar');
    const [pk0, pk1] = share.publicShares as [Uint8Array, Uint8Array];
    for (const publicShares of [undefined, pk0, [pk0], [pk0, pk1, pk1]])
      expect(reason({ publicShares })).toBe('publicShares must have one point per party');
    for (const pk of [new Uint8Array(33), pk1.subarray(0, 32), 'pk'])
      expect(reason({ publicShares: [pk0, pk] })).toBe('a public share is not a compressed point');
    const other = syntheticShare([a, b]);
    expect(reason({ verifyingKey: other.verifyingKey })).toBe(
      'public shares do not sum to the verifying key',
    );
    expect(reason({ secretShare: share.secretShare + 1n })).toBe(
      'secretShare does not match its public share',
    );
    for (const ot of [undefined, {}, [], new Set()])
      expect(reason({ ot })).toBe('ot must be a Map of pairwise OT setups');
    const pair = share.ot.get(b)!;
    for (const peer of [5, a, c]) {
      expect(
        reason({
          ot: new Map<unknown, PairwiseOt>([
            [b, pair],
            [peer, pair],
          ]),
        }),
      ).toBe('an OT setup is for a party outside the share');
    }
    expect(reason({ ot: new Map() })).toBe(`no OT setup with ${b}`);
    expect(reason({ ot: new Map() }, 'present')).toBeUndefined();
    const pairWith = (change: Record<string, unknown>) =>
      reason({ ot: new Map([[b, { ...pair, ...change }]]) });
    for (const discarded of [undefined, 0, 'no'])
      expect(pairWith({ discarded })).toBe(`the OT setup with ${b} has no discarded flag`);
    for (const generation of [undefined, '1', -1, 0.5, 2 ** 32])
      expect(pairWith({ generation })).toBe(`the OT setup with ${b} has no valid generation`);
    expect(pairWith({ generation: 2 ** 32 - 1, discarded: true })).toBeUndefined();
    for (const setupId of [undefined, new Uint8Array(15), new Uint8Array(17), Array(16).fill(0)])
      expect(pairWith({ setupId })).toBe(`the OT setup with ${b} has no valid setup id`);
    for (const runs of [undefined, [], new Map()])
      expect(pairWith({ runs })).toBe(`the OT setup with ${b} has a malformed run record`);
  });

  it('openEnvelope: a wrong version, another protocol, a recipient flag other than 0/1', () => {
    const sid = randomBytes(32);
    const expected = { kind: Kind.Sign, sessionId: sid, self: a, parties: [a, b] };
    const header = () => writeHeader(Kind.Sign, 1, sid, b, null).finish();
    expect(openEnvelope(header(), b, expected).broadcast).toBe(true);
    const version = header();
    version[0] = 2;
    const wrongVersion = onlyProtocolErrors(() => openEnvelope(version, b, expected));
    expect([wrongVersion?.code, wrongVersion?.details.reason]).toEqual([
      'MALFORMED',
      'unsupported version 2',
    ]);
    const dkg = writeHeader(Kind.Dkg, 1, sid, b, null).finish();
    const otherKind = onlyProtocolErrors(() => openEnvelope(dkg, b, expected));
    expect([otherKind?.code, otherKind?.details.culprit]).toEqual(['UNEXPECTED', b]);
    expect(otherKind?.details.reason).toMatch(/another protocol/);
    const flag = header();
    flag[flag.length - 1] = 2;
    const badFlag = onlyProtocolErrors(() => openEnvelope(flag, b, expected));
    expect([badFlag?.code, badFlag?.details.reason]).toEqual(['MALFORMED', 'bad recipient flag']);
  });

  it('assertLive: a run whose hold on a pair ended (released, another run took it) may not use it', () => {
    const share = syntheticShare([a, b]);
    const first = {};
    const claimed = claimPairs(share, [b], randomBytes(32), first);
    expect(() => assertLive(share, claimed, first)).not.toThrow();
    releasePairs(claimed, first);
    expect(onlyProtocolErrors(() => assertLive(share, claimed, first))?.code).toBe('PAIR_BUSY');
    const second = {};
    claimPairs(share, [b], randomBytes(32), second);
    const err = onlyProtocolErrors(() => assertLive(share, claimed, first));
    expect([err?.code, err?.details.reason]).toEqual(['PAIR_BUSY', 'run released the pair']);
  });

  it('releasePairs lets go only of its own hold: a run that ended cannot free a pair another run holds', () => {
    const share = syntheticShare([a, b]);
    const ended = {};
    const stale = claimPairs(share, [b], randomBytes(32), ended);
    releasePairs(stale, ended);
    const running = {};
    const claimed = claimPairs(share, [b], randomBytes(32), running);
    releasePairs(stale, ended);
    expect(() => assertLive(share, claimed, running)).not.toThrow();
    expect(onlyProtocolErrors(() => claimPairs(share, [b], randomBytes(32), {}))?.code).toBe('PAIR_BUSY');
  });
});

describe('Fiat–Shamir and primitives', () => {
  it('transcripts are length-prefixed: moving bytes between fields changes the challenge', () => {
    const a = new Transcript('t').append('a', Uint8Array.of(1, 2)).append('b', Uint8Array.of(3));
    const b = new Transcript('t').append('a', Uint8Array.of(1)).append('b', Uint8Array.of(2, 3));
    const c = new Transcript('u').append('a', Uint8Array.of(1, 2)).append('b', Uint8Array.of(3));
    expect(a.challengeScalar('c')).not.toBe(b.challengeScalar('c'));
    expect(a.challengeScalar('c')).not.toBe(c.challengeScalar('c'));
    expect(a.challengeScalar('c')).toBe(
      new Transcript('t').append('a', Uint8Array.of(1, 2)).append('b', Uint8Array.of(3)).challengeScalar('c'),
    );
  });

  it('Schnorr proofs are bound to the session, the prover and the context', () => {
    const x = randomScalar();
    const X = G.multiply(x);
    const sid = randomBytes(32);
    const proof = proveSchnorr('test', sid, 'alice', [Uint8Array.of(7)], x, X);
    expect(verifySchnorr('test', sid, 'alice', [Uint8Array.of(7)], X, proof)).toBe(true);
    expect(verifySchnorr('test', randomBytes(32), 'alice', [Uint8Array.of(7)], X, proof)).toBe(false);
    expect(verifySchnorr('test', sid, 'bob', [Uint8Array.of(7)], X, proof)).toBe(false);
    expect(verifySchnorr('test', sid, 'alice', [Uint8Array.of(8)], X, proof)).toBe(false);
    expect(verifySchnorr('other', sid, 'alice', [Uint8Array.of(7)], X, proof)).toBe(false);
  });

  it('GF(2^256) multiplication reduces by x^256 + x^10 + x^5 + x^2 + 1 and is associative', () => {
    const mul = (a: Uint8Array, b: Uint8Array) => {
      const acc = new GfAccumulator();
      acc.mulAdd(gfWords(a), gfWords(b));
      return acc.result();
    };
    const x255 = new Uint8Array(32);
    x255[31] = 0x80;
    const x1 = new Uint8Array(32);
    x1[0] = 0x02;
    const expected = new Uint8Array(32);
    expected[0] = 0b00100101; // 1 + x^2 + x^5
    expected[1] = 0b00000100; // x^10
    expect(bytesToHex(mul(x255, x1))).toBe(bytesToHex(expected));
    for (let i = 0; i < 20; i++) {
      const [a, b, c] = [randomBytes(32), randomBytes(32), randomBytes(32)];
      expect(bytesToHex(mul(mul(a, b), c))).toBe(bytesToHex(mul(a, mul(b, c))));
      expect(bytesToHex(mul(a, b))).toBe(bytesToHex(mul(b, a)));
    }
  });

  it('Ethereum addresses are EIP-55 checksummed and agree with viem', () => {
    for (let i = 0; i < 20; i++) {
      const P = G.multiply(randomScalar());
      expect(ethereumAddress(P.toBytes(true))).toBe(publicKeyToAddress(`0x${P.toHex(false)}`));
    }
    const generator = secp256k1.Point.BASE.toBytes(true);
    expect(ethereumAddress(generator)).toBe('0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf');
    expect(() => ethereumAddress(new Uint8Array(33))).toThrow(ProtocolError);
  });

  it('invalid options are refused with BAD_INPUT', () => {
    const err = onlyProtocolErrors(() =>
      createSigning({
        sessionId: new Uint8Array(3),
        share: {} as KeyShare,
        parties: [],
        messageHash: new Uint8Array(32),
      }),
    );
    expect(err?.code).toBe('BAD_INPUT');
  });
});
