import { randomBytes } from '@noble/curves/utils.js';
import { describe, expect, it } from 'vitest';
import { createSigning, decodeKeyShare, encodeKeyShare, ProtocolError, type KeyShare } from './index';
import { runDigest } from './pairState';
import { applyRunRecords, encodeRunRecord } from './runRecord';
import { partyIds, refusalOf, syntheticShare } from './testHarness';

const parties = partyIds(4);
const peersOf = (share: KeyShare) => share.parties.filter((p) => p !== share.partyId);

function start(share: KeyShare, sessionId: Uint8Array): void {
  const machine = createSigning({ sessionId, share, parties, messageHash: randomBytes(32) });
  machine.start();
  machine.close();
}

describe('run records: a run’s start persisted in place of the whole share', () => {
  it('a share stored before a run, with the run’s record applied, refuses that session id again', () => {
    const live = syntheticShare(parties);
    const stored = encodeKeyShare(live);
    const sessionId = randomBytes(32);
    const record = encodeRunRecord(live, peersOf(live), sessionId);
    start(live, sessionId);

    const restarted = decodeKeyShare(stored);
    expect(applyRunRecords(restarted, record)).toBe(1);
    expect(refusalOf(() => start(restarted, sessionId)).code).toBe('SESSION_REUSED');
    // Without the record, the stored share alone would run the id again: the record is what refuses it.
    expect(() => start(decodeKeyShare(stored), sessionId)).not.toThrow();
  });

  it('is the same bytes written before start() as after, and records exactly what start() adds', () => {
    const share = syntheticShare(parties);
    const sessionId = randomBytes(32);
    const before = encodeRunRecord(share, peersOf(share), sessionId);
    start(share, sessionId);
    expect(encodeRunRecord(share, peersOf(share), sessionId)).toEqual(before);
    const copy = syntheticShare(parties);
    for (const peer of peersOf(copy)) {
      const pair = share.ot.get(peer)!;
      copy.ot.set(peer, { ...pair, runs: new Set() });
    }
    applyRunRecords(copy, before);
    for (const peer of peersOf(copy))
      expect([...copy.ot.get(peer)!.runs]).toEqual([...share.ot.get(peer)!.runs]);
  });

  it('applies concatenated records, and only to pairs that still hold the setup each names', () => {
    const share = syntheticShare(parties);
    const [renewed, kept] = peersOf(share) as [string, string];
    const ids = [randomBytes(32), randomBytes(32)];
    const records = ids.map((id) => encodeRunRecord(share, peersOf(share), id));
    const restored = decodeKeyShare(encodeKeyShare(share));
    // The pair with `renewed` was set up again after the records were written: a new setup, no runs yet.
    restored.ot.set(renewed, {
      ...restored.ot.get(renewed)!,
      generation: 1,
      setupId: randomBytes(16),
      runs: new Set(),
    });
    expect(applyRunRecords(restored, new Uint8Array([...records[0]!, ...records[1]!]))).toBe(2);
    expect(restored.ot.get(renewed)!.runs.size).toBe(0);
    expect([...restored.ot.get(kept)!.runs].sort()).toEqual(ids.map(runDigest).sort());
  });

  it('refuses a malformed record (MALFORMED) and leaves the share as it was', () => {
    const share = syntheticShare(parties);
    const good = encodeRunRecord(share, peersOf(share), randomBytes(32));
    for (const bad of [good.subarray(0, good.length - 1), Uint8Array.of(9, ...good.subarray(1))]) {
      const copy = decodeKeyShare(encodeKeyShare(share));
      const error = refusalOf(() => applyRunRecords(copy, new Uint8Array([...good, ...bad])));
      expect(error).toBeInstanceOf(ProtocolError);
      expect(error.code).toBe('MALFORMED');
      for (const peer of peersOf(copy)) expect(copy.ot.get(peer)!.runs.size).toBe(0);
    }
  });

  it('names only pairs the share has (BAD_INPUT otherwise)', () => {
    const share = syntheticShare(parties);
    expect(refusalOf(() => encodeRunRecord(share, ['nobody'], randomBytes(32))).code).toBe('BAD_INPUT');
  });
});
