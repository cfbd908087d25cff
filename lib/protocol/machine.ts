import { Kind, openEnvelope, unexpected, writeHeader } from './envelope';
import type { Reader, Writer } from './codec';
import { ProtocolError } from './errors';
import type { IncomingMessage, OutgoingMessage, PartyId, ProtocolMachine, ProtocolStep } from './types';

export interface Received<B> {
  from: PartyId;
  payload: Uint8Array;
  body: B;
}

/**
 * Round bookkeeping shared by the DKG, signing and OT-setup machines: one message per other party
 * per round; a message for the next round is decoded and held (an honest peer can be one round
 * ahead of us, never more); anything else — stale, duplicate, further ahead, wrong kind — is refused
 * with a typed error naming the sender. Refusing a message does not change the machine's state.
 * A failed check inside a round aborts the run: later calls throw the same error.
 */
export abstract class RoundMachine<R, B> implements ProtocolMachine<R> {
  readonly others: PartyId[];
  private current = 0;
  private finished = false;
  private failure: ProtocolError | undefined;
  private readonly inbox = new Map<number, Map<PartyId, Received<B>>>();

  protected constructor(
    private readonly kind: Kind,
    readonly sessionId: Uint8Array,
    readonly self: PartyId,
    readonly parties: PartyId[],
    readonly totalRounds: number,
  ) {
    this.others = parties.filter((p) => p !== self);
  }

  get done(): boolean {
    return this.finished;
  }

  get round(): number {
    return this.current;
  }

  /** Messages of round 1. */
  protected abstract begin(): OutgoingMessage[];
  /** Whether messages of `round` are broadcast (else point-to-point). */
  protected abstract isBroadcast(round: number): boolean;
  /** Decodes a round's body (must consume it entirely). */
  protected abstract decode(round: number, reader: Reader, from: PartyId): B;
  /** All messages of `round` are in: the next round's messages, or the result after the last round. */
  protected abstract complete(round: number, messages: Map<PartyId, Received<B>>): ProtocolStep<R>;
  /** Called once when the run ends: done, failed or closed (releases what the run holds). */
  protected onEnd(): void {}

  /** Ends the run early (the caller's timeout, or it gave up); later calls throw. Idempotent. */
  close(): void {
    if (this.finished || this.failure) return;
    this.failure = new ProtocolError('The run was closed', { code: 'BAD_INPUT' });
    this.onEnd();
  }

  start(): OutgoingMessage[] {
    if (this.failure) throw this.failure;
    if (this.current !== 0) throw new ProtocolError('Protocol already started', { code: 'BAD_INPUT' });
    this.current = 1;
    return this.guard(() => this.begin());
  }

  handle(message: IncomingMessage): ProtocolStep<R> {
    if (this.failure) throw this.failure;
    if (typeof message !== 'object' || message === null || typeof message.from !== 'string') {
      throw new ProtocolError('Incoming message must be { from, payload }', { code: 'BAD_INPUT' });
    }
    const { from, payload } = message;
    if (this.current === 0) throw new ProtocolError('Protocol not started', { code: 'BAD_INPUT' });
    const env = openEnvelope(payload, from, {
      kind: this.kind,
      sessionId: this.sessionId,
      self: this.self,
      parties: this.parties,
    });
    const { round } = env;
    if (this.finished || round < this.current)
      throw unexpected(from, `stale message for round ${round}`, payload, round);
    if (round > this.current + 1 || round > this.totalRounds) {
      throw unexpected(
        from,
        `out-of-order message for round ${round} (we are in round ${this.current})`,
        payload,
        round,
      );
    }
    if (env.broadcast !== this.isBroadcast(round)) {
      throw unexpected(
        from,
        `round ${round} message must be ${env.broadcast ? 'point-to-point' : 'broadcast'}`,
        payload,
        round,
      );
    }
    let box = this.inbox.get(round);
    if (!box) this.inbox.set(round, (box = new Map()));
    if (box.has(from)) throw unexpected(from, `duplicate message for round ${round}`, payload, round);
    const body = this.decode(round, env.reader, from);
    env.reader.end();
    box.set(from, { from, payload, body });
    return this.guard(() => this.advance());
  }

  waitingFor(): PartyId[] {
    if (this.finished || this.current === 0) return [];
    const box = this.inbox.get(this.current);
    return this.others.filter((p) => !box?.has(p));
  }

  protected send(round: number, to: PartyId | null, body: (w: Writer) => void): OutgoingMessage {
    const w = writeHeader(this.kind, round, this.sessionId, this.self, to);
    body(w);
    return { to, round, payload: w.finish() };
  }

  private advance(): ProtocolStep<R> {
    const messages: OutgoingMessage[] = [];
    for (;;) {
      const box = this.inbox.get(this.current);
      if (!box || box.size < this.others.length) return { messages };
      this.inbox.delete(this.current);
      const step = this.complete(this.current, box);
      messages.push(...step.messages);
      if (step.result !== undefined) {
        this.finished = true;
        this.onEnd();
        return { messages, result: step.result };
      }
      this.current++;
    }
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      this.failure =
        e instanceof ProtocolError
          ? e
          : new ProtocolError(`Internal error: ${e instanceof Error ? e.message : String(e)}`, {
              code: 'INTERNAL',
            });
      this.onEnd();
      throw this.failure;
    }
  }
}
