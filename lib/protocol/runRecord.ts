import { equalBytes } from '@noble/curves/utils.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { Reader, Writer } from './codec';
import { ProtocolError } from './errors';
import { RUN_DIGEST_BYTES, SETUP_ID_BYTES, type KeyShare } from './keyShare';
import { runDigest } from './pairState';
import type { PartyId } from './types';

/**
 * A run record: what a signing run's `start()` writes into the share (its session id's digest in the
 * run record of each pair it claims, pairState.ts), as a couple of hundred bytes. A caller may persist
 * it, before sending the run's messages, in place of the whole share (~74 KB at n = 4: a storage write
 * on the wallet's path from inclusion to its first message), and apply the records it kept to the share
 * it reads back. Each names the setup it ran on (generation and setup id), so a record of a pair set up
 * again since changes nothing.
 */
const RUN_RECORD_VERSION = 1;

/** The record of run `sessionId` on `share`'s pairs with `peers`, as it is before or after `start()`. */
export function encodeRunRecord(
  share: KeyShare,
  peers: readonly PartyId[],
  sessionId: Uint8Array,
): Uint8Array {
  const w = new Writer()
    .u8(RUN_RECORD_VERSION)
    .bytes(hexToBytes(runDigest(sessionId)))
    .u8(peers.length);
  for (const peer of peers) {
    const pair = share.ot.get(peer);
    if (!pair) throw new ProtocolError(`Key share has no OT setup for ${peer}`, { code: 'BAD_INPUT' });
    w.string(peer).u32(pair.generation).bytes(pair.setupId);
  }
  return w.finish();
}

/**
 * Adds the runs of `records` (`encodeRunRecord` outputs, concatenated) to the pairs of `share` that still
 * hold the setup each names; returns how many records there were. All are parsed before any is applied:
 * a malformed one (`MALFORMED`) leaves the share as it was.
 */
export function applyRunRecords(share: KeyShare, records: Uint8Array): number {
  const r = new Reader(records, { what: 'run record' });
  const runs: { digest: string; pairs: { peer: PartyId; generation: number; setupId: Uint8Array }[] }[] = [];
  while (r.remaining > 0) {
    const version = r.u8();
    if (version !== RUN_RECORD_VERSION) throw r.fail(`unsupported version ${version}`);
    const digest = bytesToHex(r.bytes(RUN_DIGEST_BYTES));
    const count = r.u8();
    const pairs = [];
    for (let i = 0; i < count; i++) {
      pairs.push({ peer: r.partyId(), generation: r.u32(), setupId: r.bytes(SETUP_ID_BYTES) });
    }
    runs.push({ digest, pairs });
  }
  for (const { digest, pairs } of runs) {
    for (const { peer, generation, setupId } of pairs) {
      const pair = share.ot.get(peer);
      if (pair && pair.generation === generation && equalBytes(pair.setupId, setupId)) pair.runs.add(digest);
    }
  }
  return runs.length;
}
