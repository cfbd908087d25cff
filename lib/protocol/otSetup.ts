import { bytesToHex } from '@noble/hashes/utils.js';
import type { Reader } from './codec';
import { Kind } from './envelope';
import { ProtocolError, asProtocolError, badInput } from './errors';
import { MAX_GENERATION, checkKeyShare } from './keyShare';
import type { KeyShare } from './keyShare';
import { RoundMachine } from './machine';
import type { Received } from './machine';
import { checkRunOptions } from './options';
import { PairSetup } from './pairSetup';
import type { SetupMsg1 } from './pairSetup';
import type { OutgoingMessage, PartyId, ProtocolMachine, ProtocolStep } from './types';

/**
 * Fresh pairwise base-OT setup between the share's owner and one counterparty (both run it, each with
 * its own share): the only way to sign again after a failed OT-extension or multiplication check
 * discarded the pair's correlation, and the way a restored share (which has no pairs) gets its own.
 * Five rounds, as in the DKG. Needs a fresh session id. Round 1 carries each side's generation of the
 * pair (0 when it has none); the new setup is numbered one above the larger, so both sides agree and
 * any copy of the old setup (a backup, a replica, another device) is from then on stale.
 * The result is a new key share; the caller persists it in place of the old one.
 */
type SetupBody =
  | { round: 1; generation: number; ot: SetupMsg1 }
  | { round: 2; B: Uint8Array[] }
  | { round: 3; challenge: Uint8Array }
  | { round: 4; response: Uint8Array }
  | { round: 5; opening: Uint8Array };

class OtSetupMachine extends RoundMachine<KeyShare, SetupBody> {
  private readonly setup: PairSetup;
  private ownRound1: Uint8Array = new Uint8Array();
  private generation = 0;

  constructor(
    sessionId: Uint8Array,
    private readonly share: KeyShare,
    private readonly peer: PartyId,
  ) {
    super(
      Kind.OtSetup,
      sessionId,
      share.partyId,
      checkRunOptions(sessionId, share.partyId, [share.partyId, peer]),
      5,
    );
    this.setup = new PairSetup(sessionId, share.partyId, peer);
  }

  protected isBroadcast(): boolean {
    return false;
  }

  private get ownGeneration(): number {
    return this.share.ot.get(this.peer)?.generation ?? 0;
  }

  protected begin(): OutgoingMessage[] {
    const m = this.send(1, this.peer, (w) => {
      w.u32(this.ownGeneration);
      this.setup.write1(w);
    });
    this.ownRound1 = m.payload;
    return [m];
  }

  protected decode(round: number, r: Reader): SetupBody {
    switch (round) {
      case 1:
        return { round, generation: r.u32(), ot: PairSetup.read1(r) };
      case 2:
        return { round, B: PairSetup.read2(r) };
      case 3:
        return { round, challenge: PairSetup.read3(r) };
      case 4:
        return { round, response: PairSetup.read4(r) };
      default:
        return { round: 5, opening: PairSetup.read5(r) };
    }
  }

  protected complete(round: number, messages: Map<PartyId, Received<SetupBody>>): ProtocolStep<KeyShare> {
    const m = messages.get(this.peer)!;
    const b = m.body;
    const s = this.setup;
    const next = (w: Parameters<Parameters<typeof this.send>[2]>[0]) => {
      if (round === 1) s.write2(w);
      else if (round === 2) s.write3(w);
      else if (round === 3) s.write4(w);
      else s.write5(w);
    };
    if (b.round === 1) {
      const newest = Math.max(this.ownGeneration, b.generation);
      if (newest >= MAX_GENERATION) throw r1Fail(this.peer, m.payload);
      this.generation = newest + 1;
      s.on1(b.ot, m.payload);
    } else if (b.round === 2) s.on2(b.B, m.payload, this.ownRound1);
    else if (b.round === 3) s.on3(b.challenge);
    else if (b.round === 4) s.on4(b.response);
    else {
      s.on5(b.opening);
      const ot = new Map(this.share.ot);
      ot.set(this.peer, s.result(this.generation));
      return { messages: [], result: { ...this.share, ot } };
    }
    return { messages: [this.send(round + 1, this.peer, next)] };
  }
}

/** Runs a fresh base-OT setup with `counterparty` (e.g. after a PAIRWISE_CHECK error discarded it). */
export function createOtSetup(opts: {
  sessionId: Uint8Array;
  share: KeyShare;
  counterparty: PartyId;
}): ProtocolMachine<KeyShare> {
  return asProtocolError(() => {
    if (typeof opts !== 'object' || opts === null) throw badInput('options must be an object');
    const { share, counterparty } = opts;
    checkKeyShare(share, 'present');
    if (
      typeof counterparty !== 'string' ||
      counterparty === share.partyId ||
      !share.parties.includes(counterparty)
    )
      throw badInput('counterparty must be another party of the key share');
    return new OtSetupMachine(opts.sessionId.slice(), share, counterparty);
  });
}

function r1Fail(peer: PartyId, payload: Uint8Array): ProtocolError {
  return new ProtocolError(`${peer} claims a generation that cannot be followed`, {
    code: 'MALFORMED',
    details: { culprit: peer, reason: 'generation out of range', round: 1, evidence: [bytesToHex(payload)] },
  });
}
