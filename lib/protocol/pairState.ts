import { bytesToHex } from '@noble/hashes/utils.js';
import { ProtocolError } from './errors';
import { taggedHash } from './hash';
import { RUN_DIGEST_BYTES } from './keyShare';
import type { KeyShare, PairwiseOt } from './keyShare';
import type { PartyId } from './types';

/**
 * The state of a pair's OT setup that must hold across runs (docs/protocol.md, "State across runs"):
 *
 * - a session id runs at most once per setup: the pair's `runs` record (persisted with the share) is
 *   checked and written when a run starts, so the caller must persist the share after `start()` and
 *   before sending its messages — then a restart cannot run the id again;
 * - at most one run per pair is in flight in this process, so a failed check (which discards the pair)
 *   takes effect before any other run can use the same Δ or seeds ("Don't overextend your OT");
 * - every round re-checks, right before it sends anything derived from Δ or the seeds, that the pair is
 *   still the live one: not discarded, not replaced by a new setup, still held by this run.
 *
 * The in-flight mark lives beside the pair object, not in it: it is not persisted (a restart ends every
 * run) and is not copied with the share. Callers keep one live share object per key share (the wallet
 * per account, a TSS server per account) so the mark and a discard reach every run of the pair.
 */

/** Runs per setup before the pair must be set up again (bounds the persisted record: 16 bytes a run). */
export const MAX_RUNS_PER_SETUP = 1024;

const inFlight = new WeakMap<PairwiseOt, object>();

export function runDigest(sessionId: Uint8Array): string {
  return bytesToHex(taggedHash('pair/run', sessionId).subarray(0, RUN_DIGEST_BYTES));
}

function pairError(
  share: KeyShare,
  peer: PartyId,
  code: 'OT_DISCARDED' | 'SESSION_REUSED' | 'PAIR_BUSY' | 'OT_STALE' | 'BAD_INPUT',
  message: string,
  reason: string,
): ProtocolError {
  return new ProtocolError(message, { code, details: { pair: [share.partyId, peer], reason } });
}

/** Why `share`'s pair with `peer` cannot start run `sessionId` now, if it cannot. */
function refusal(share: KeyShare, peer: PartyId, digest: string): ProtocolError | undefined {
  const pair = share.ot.get(peer);
  const name = `${share.partyId} and ${peer}`;
  if (!pair)
    return pairError(share, peer, 'BAD_INPUT', `Key share has no OT setup for ${peer}`, 'missing OT setup');
  if (pair.discarded) {
    return pairError(
      share,
      peer,
      'OT_DISCARDED',
      `The OT setup between ${name} was discarded; run createOtSetup for this pair first`,
      'OT setup discarded',
    );
  }
  if (pair.runs.has(digest)) {
    return pairError(
      share,
      peer,
      'SESSION_REUSED',
      `This session id already ran on the OT setup between ${name}; a session id never runs twice`,
      'session id already used',
    );
  }
  if (inFlight.has(pair)) {
    return pairError(
      share,
      peer,
      'PAIR_BUSY',
      `Another run is in flight on the OT setup between ${name}; one run per pair at a time`,
      'another run is in flight',
    );
  }
  return undefined;
}

/** Throws the reason `share` cannot run `sessionId` with `peers` now (nothing is changed). */
export function checkPairsFree(share: KeyShare, peers: readonly PartyId[], sessionId: Uint8Array): void {
  const digest = runDigest(sessionId);
  for (const peer of peers) {
    const error = refusal(share, peer, digest);
    if (error) throw error;
  }
}

/**
 * Starts run `sessionId` on every pair with `peers`: all or nothing, it records the id in each pair's
 * run record and marks the pair in flight for `owner`. A pair whose record is full is retired
 * (discarded: set it up again). Returns the claimed pair objects, against which `assertLive` checks.
 */
export function claimPairs(
  share: KeyShare,
  peers: readonly PartyId[],
  sessionId: Uint8Array,
  owner: object,
): Map<PartyId, PairwiseOt> {
  checkPairsFree(share, peers, sessionId);
  for (const peer of peers) {
    const pair = share.ot.get(peer)!;
    if (pair.runs.size >= MAX_RUNS_PER_SETUP) {
      pair.discarded = true;
      throw pairError(
        share,
        peer,
        'OT_DISCARDED',
        `The OT setup between ${share.partyId} and ${peer} ran its ${MAX_RUNS_PER_SETUP} sessions; set it up again (createOtSetup)`,
        'OT setup ran its maximum number of sessions',
      );
    }
  }
  const digest = runDigest(sessionId);
  const claimed = new Map<PartyId, PairwiseOt>();
  for (const peer of peers) {
    const pair = share.ot.get(peer)!;
    pair.runs.add(digest);
    inFlight.set(pair, owner);
    claimed.set(peer, pair);
  }
  return claimed;
}

/**
 * Right before a round sends anything derived from a pair's Δ or seeds: the pair must still be the
 * share's live one, not discarded (by this run or another) and still held by `owner`.
 */
export function assertLive(share: KeyShare, claimed: Map<PartyId, PairwiseOt>, owner: object): void {
  for (const [peer, pair] of claimed) {
    if (share.ot.get(peer) !== pair) {
      throw pairError(
        share,
        peer,
        'OT_STALE',
        `The OT setup between ${share.partyId} and ${peer} was replaced by a new setup during this run`,
        'OT setup replaced during the run',
      );
    }
    if (pair.discarded) {
      throw pairError(
        share,
        peer,
        'OT_DISCARDED',
        `The OT setup between ${share.partyId} and ${peer} was discarded during this run`,
        'OT setup discarded during the run',
      );
    }
    if (inFlight.get(pair) !== owner) {
      throw pairError(
        share,
        peer,
        'PAIR_BUSY',
        `This run no longer holds the OT setup between ${share.partyId} and ${peer}`,
        'run released the pair',
      );
    }
  }
}

/** Ends `owner`'s hold on its pairs (done, failed or closed). */
export function releasePairs(claimed: Map<PartyId, PairwiseOt>, owner: object): void {
  for (const pair of claimed.values()) if (inFlight.get(pair) === owner) inFlight.delete(pair);
}
