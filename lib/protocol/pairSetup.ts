import { bytesToHex } from '@noble/hashes/utils.js';
import * as baseOt from './baseOt';
import { KAPPA } from './baseOt';
import type { Reader, Writer } from './codec';
import type { Point } from './curve';
import { ProtocolError } from './errors';
import { SETUP_ID_BYTES, type PairwiseOt } from './keyShare';
import { taggedHash } from './hash';
import { readSchnorr, writeSchnorr } from './schnorr';
import type { SchnorrProof } from './schnorr';
import type { PartyId } from './types';

/**
 * The pairwise base-OT setup between us and one peer, both directions at once, in five messages:
 *   1. A (+ proof of a)   — we are base-OT sender (OT-extension receiver, multiplication Bob)
 *   2. B_1..B_κ          — answering the peer's A (we are base-OT receiver: choice bits Δ)
 *   3. challenges ξ       4. responses ρ'       5. openings
 * Used by the DKG and by the re-setup of one pair after its OT was discarded.
 */
export interface SetupMsg1 {
  A: Point;
  proof: SchnorrProof;
}

export class PairSetup {
  private readonly sendContext: Uint8Array;
  private readonly receiveContext: Uint8Array;
  private sender?: { a: bigint; A: Point; proof: SchnorrProof };
  private senderKeys?: { seeds0: Uint8Array; seeds1: Uint8Array; challenge: Uint8Array };
  private receiver?: { choices: Uint8Array; seeds: Uint8Array; B: Uint8Array[]; challenge?: Uint8Array };
  private opened = false;

  constructor(
    private readonly sessionId: Uint8Array,
    private readonly self: PartyId,
    private readonly peer: PartyId,
  ) {
    this.sendContext = baseOt.baseOtContext(sessionId, self, peer);
    this.receiveContext = baseOt.baseOtContext(sessionId, peer, self);
  }

  private fail(reason: string, code: 'BAD_PROOF' | 'PAIRWISE_CHECK', round: number, payloads: Uint8Array[]) {
    const pairwise = code === 'PAIRWISE_CHECK';
    return new ProtocolError(
      pairwise
        ? `Base-OT check between ${this.self} and ${this.peer} failed: ${reason}`
        : `Invalid base-OT message from ${this.peer}: ${reason}`,
      {
        code,
        details: {
          reason,
          round,
          ...(pairwise
            ? { pair: [this.self, this.peer] }
            : { culprit: this.peer, evidence: payloads.map((p) => bytesToHex(p)) }),
        },
      },
    );
  }

  write1(w: Writer): void {
    this.sender = baseOt.senderStart(this.sessionId, this.self, this.peer);
    w.point(this.sender.A);
    writeSchnorr(w, this.sender.proof);
  }

  static read1(r: Reader): SetupMsg1 {
    return { A: r.point(), proof: readSchnorr(r) };
  }

  /** The peer's A must carry a valid proof of knowledge of its discrete log (publicly checkable). */
  on1(m: SetupMsg1, payload: Uint8Array): void {
    if (!baseOt.verifySenderKey(this.sessionId, this.peer, this.self, m.A, m.proof)) {
      throw this.fail('proof of knowledge of the base-OT key does not verify', 'BAD_PROOF', 1, [payload]);
    }
    this.receiver = baseOt.receiverChoose(this.receiveContext, m.A);
  }

  write2(w: Writer): void {
    for (const B of this.receiver!.B) w.bytes(B);
  }

  /** The receiver's B_i, checked as `Reader.point` checks, uncompressed for `baseOt.senderKeys`. */
  static read2(r: Reader): Uint8Array[] {
    const B: Uint8Array[] = [];
    for (let i = 0; i < KAPPA; i++) B.push(r.secpPoint());
    return B;
  }

  on2(B: Uint8Array[], payload: Uint8Array, ownMessage1: Uint8Array): void {
    const s = this.sender!;
    const keys = baseOt.senderKeys(this.sendContext, s.a, s.A, B);
    if (!keys) throw this.fail('a B_i equals our A', 'BAD_PROOF', 2, [ownMessage1, payload]);
    this.senderKeys = keys;
  }

  write3(w: Writer): void {
    w.bytes(this.senderKeys!.challenge);
  }

  static read3(r: Reader): Uint8Array {
    return r.bytes(KAPPA * 32);
  }

  on3(challenge: Uint8Array): void {
    this.receiver!.challenge = challenge;
  }

  write4(w: Writer): void {
    const rc = this.receiver!;
    w.bytes(baseOt.receiverRespond(rc.choices, rc.seeds, rc.challenge!));
  }

  static read4(r: Reader): Uint8Array {
    return r.bytes(KAPPA * 32);
  }

  private opening?: Uint8Array;

  on4(response: Uint8Array): void {
    const k = this.senderKeys!;
    const opening = baseOt.senderOpen(k.seeds0, k.seeds1, response);
    if (!opening) throw this.fail(`${this.peer}'s verification response is wrong`, 'PAIRWISE_CHECK', 4, []);
    this.opening = opening;
  }

  write5(w: Writer): void {
    w.bytes(this.opening!);
  }

  static read5(r: Reader): Uint8Array {
    return r.bytes(KAPPA * 64);
  }

  on5(opening: Uint8Array): void {
    const rc = this.receiver!;
    if (!baseOt.receiverVerify(rc.choices, rc.seeds, rc.challenge!, opening)) {
      throw this.fail(
        `${this.peer}'s openings do not match its challenge or our key`,
        'PAIRWISE_CHECK',
        5,
        [],
      );
    }
    this.opened = true;
  }

  /** The pair's new OT setup: fresh, with no runs, numbered `generation` (the DKG's is 0). */
  result(generation: number): PairwiseOt {
    if (!this.opened) throw new ProtocolError('Base-OT setup not finished', { code: 'INTERNAL' });
    const k = this.senderKeys!;
    const rc = this.receiver!;
    return {
      asSender: { delta: rc.choices, seeds: rc.seeds },
      asReceiver: { seeds0: k.seeds0, seeds1: k.seeds1 },
      discarded: false,
      generation,
      setupId: setupDigest(this.sessionId),
      runs: new Set(),
    };
  }
}

/** The id of the setup a run of `sessionId` makes (`PairwiseOt.setupId`): both sides compute the same. */
export function setupDigest(sessionId: Uint8Array): Uint8Array {
  return taggedHash('pair/setup', sessionId).slice(0, SETUP_ID_BYTES);
}
