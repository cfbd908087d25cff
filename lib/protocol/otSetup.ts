import type { Reader } from './codec';
import type { Point } from './curve';
import { Kind } from './envelope';
import { ProtocolError } from './errors';
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
 * discarded the pair's correlation. Five rounds, as in the DKG. Needs a fresh session id.
 * The result is a new key share; the caller persists it in place of the old one.
 */
type SetupBody =
  | { round: 1; ot: SetupMsg1 }
  | { round: 2; B: Point[] }
  | { round: 3; challenge: Uint8Array }
  | { round: 4; response: Uint8Array }
  | { round: 5; opening: Uint8Array };

class OtSetupMachine extends RoundMachine<KeyShare, SetupBody> {
  private readonly setup: PairSetup;
  private ownRound1: Uint8Array = new Uint8Array();

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

  protected begin(): OutgoingMessage[] {
    const m = this.send(1, this.peer, (w) => this.setup.write1(w));
    this.ownRound1 = m.payload;
    return [m];
  }

  protected decode(round: number, r: Reader): SetupBody {
    switch (round) {
      case 1:
        return { round, ot: PairSetup.read1(r) };
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
    if (b.round === 1) s.on1(b.ot, m.payload);
    else if (b.round === 2) s.on2(b.B, m.payload, this.ownRound1);
    else if (b.round === 3) s.on3(b.challenge);
    else if (b.round === 4) s.on4(b.response);
    else {
      s.on5(b.opening);
      const ot = new Map(this.share.ot);
      ot.set(this.peer, s.result());
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
  const { share, counterparty } = opts;
  if (!share || !(share.ot instanceof Map) || counterparty === share.partyId || !share.ot.has(counterparty)) {
    throw new ProtocolError('Invalid protocol options: counterparty must be another party of the key share', {
      code: 'BAD_INPUT',
    });
  }
  return new OtSetupMachine(opts.sessionId.slice(), share, counterparty);
}
