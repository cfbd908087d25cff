import { bytesToHex } from '@noble/hashes/utils.js';
import { WalletError } from '../../lib/errors';
import { ProtocolError, type OutgoingMessage, type PartyId, type ProtocolMachine } from '../../lib/protocol';
import { metered } from '../../lib/tss';
import type { SessionEvent, SessionFailure, SessionState, SessionStatus } from '../../lib/tss';
import {
  createMacSubscribeRequest,
  openFrame,
  sealFrame,
  type FrameSender,
  type OpenedFrame,
  type Sr25519Signer,
} from '../../lib/wire';
import { TssError } from './errors';
import { followStream } from './follow';
import type { SseHub } from './sse';

const MAX_EVIDENCE_BYTES = 60_000;

/**
 * Frames one member may have waiting for later rounds. An honest member is at most a round or two
 * ahead (two frames to us per round); more is flooding, and would grow the inbox without bound.
 */
export const MAX_QUEUED_PER_MEMBER = 32;

/** A committee member as this server sees it. The user has no endpoint: it cannot be subscribed to. */
export interface Member {
  partyId: PartyId;
  /** sr25519 account that signs its frames (a validator's TSS account, or the user's account). */
  account: Uint8Array;
  x25519: Uint8Array;
  endpoint: string | null;
}

export interface SessionIdentity {
  partyId: PartyId;
  signer: Sr25519Signer;
  x25519SecretKey: Uint8Array;
}

/** Lets fault injection rewrite what this server sends (see misbehave.ts). */
export type OutgoingHook = (messages: OutgoingMessage[], send: (m: OutgoingMessage[]) => void) => void;

export interface SessionOptions<R> {
  sessionId: Uint8Array;
  kind: 'dkg' | 'signing' | 'ot-setup';
  self: SessionIdentity;
  /** Every party of the run, this server included. */
  members: Member[];
  timeoutMs: number;
  hub: SseHub;
  createMachine: () => ProtocolMachine<R>;
  /**
   * Called after the machine's `start()` and awaited before any of its messages is sent: a signing run
   * has then recorded its session id in the share, which must be persisted first (docs/protocol.md).
   */
  persistStart?: () => Promise<void>;
  outgoing?: OutgoingHook;
  log?: (line: string) => void;
}

/** Thrown into `outcome` when the run fails; `details` is the `SessionFailure`. */
export class SessionFailedError extends WalletError {
  constructor(readonly failure: SessionFailure) {
    super(`Protocol session failed: ${failure.reason}`, {
      code: 'SESSION_FAILED',
      details: { failure: failure as unknown as Record<string, unknown> },
    });
  }
}

/**
 * One protocol run (DKG or signing) of this server's party. It opens and verifies incoming frames,
 * feeds them to the state machine round by round, seals and publishes outgoing ones on the SSE hub,
 * subscribes to the other validators, and fails with a named culprit — or the missing parties — when
 * the protocol blames someone or the timeout passes.
 */
export class ProtocolSession<R> {
  readonly id: string;
  state: SessionState = 'pending';
  readonly outcome: Promise<R>;
  private resolveOutcome!: (result: R) => void;
  private rejectOutcome!: (error: SessionFailedError) => void;
  private machine?: ProtocolMachine<R>;
  /** Where the run stood when it ended: the machine and its state are let go then. */
  private final?: { round: number; totalRounds: number };
  private ready = false;
  private following = false;
  /** False until `persistStart` is done: nothing the machine produces is sent before. */
  private sending = false;
  private readonly subscribed = new Set<PartyId>();
  private readonly inbox: OpenedFrame[] = [];
  /** Ids of the frames already taken: a reconnected stream replays its backlog, which must not count twice. */
  private readonly seen = new Set<string>();
  /** Broadcast payloads with the signed frames that carried them: the evidence a third party can check. */
  private readonly signedFrames: { payload: Uint8Array; frame: Uint8Array }[] = [];
  private readonly members = new Map<PartyId, Member>();
  /** Fires after `timeoutMs` without progress (a new subscriber or a verified frame), not after a fixed total. */
  private timer: NodeJS.Timeout;
  private readonly abort = new AbortController();
  private readonly pendingSteps: string[] = [];
  /** The status event last published, as sent. */
  private lastStatus = '';
  private drainScheduled = false;

  constructor(private readonly opts: SessionOptions<R>) {
    this.id = bytesToHex(opts.sessionId);
    for (const member of opts.members) this.members.set(member.partyId, member);
    this.outcome = new Promise<R>((resolve, reject) => {
      this.resolveOutcome = resolve;
      this.rejectOutcome = reject;
    });
    // Callers observe the outcome through their own handlers; an unobserved failure is not a crash.
    this.outcome.catch(() => undefined);
    this.timer = setTimeout(() => this.timeout(), opts.timeoutMs);
  }

  get kind(): 'dkg' | 'signing' | 'ot-setup' {
    return this.opts.kind;
  }

  get self(): PartyId {
    return this.opts.self.partyId;
  }

  get sessionId(): Uint8Array {
    return this.opts.sessionId;
  }

  member(partyId: PartyId): Member | undefined {
    return this.members.get(partyId);
  }

  others(): Member[] {
    return [...this.members.values()].filter((m) => m.partyId !== this.self);
  }

  /** Updates a member learnt later (the user's X25519 key arrives with its `/user/tx`). */
  updateMember(partyId: PartyId, update: Partial<Member>): void {
    const member = this.members.get(partyId);
    if (member) this.members.set(partyId, { ...member, ...update });
  }

  /**
   * Each member's signing account and X25519 key, as `openFrame` checks senders against. The user's key
   * is all zero until its `/user/tx` names it: not known, so its point-to-point frames are refused before
   * any agreement (one with the zero key would give a secret everybody knows, were it not refused).
   */
  private get committee(): Map<PartyId, FrameSender> {
    return new Map(
      [...this.members.values()].map((m) => [
        m.partyId,
        { account: m.account, x25519: m.x25519.some((b) => b !== 0) ? m.x25519 : null },
      ]),
    );
  }

  /** Marks what still blocks the start, for the timeout's report (e.g. "the user's transaction"). */
  waitFor(step: string): void {
    this.pendingSteps.push(step);
  }

  /** Prerequisites are met: connect to the peers, and start once every other member subscribed to us. */
  markReady(): void {
    if (this.state !== 'pending' || this.ready) return;
    this.ready = true;
    this.pendingSteps.length = 0;
    this.followPeers();
    this.maybeStart();
  }

  /**
   * Opens the streams from the other validators now, before the prerequisites are met (a signing
   * session waits for the user's transaction): nothing is sent before the start, and the start need not
   * wait for them then.
   */
  followPeers(): void {
    if (this.state !== 'pending' || this.following) return;
    this.following = true;
    for (const peer of this.others()) if (peer.endpoint) void this.follow(peer);
  }

  /** A committee member's subscription to our stream was accepted. */
  markSubscribed(partyId: PartyId): void {
    this.subscribed.add(partyId);
    this.progressed();
    this.publishStatus();
    this.maybeStart();
  }

  /** Verifies a frame from a member and queues it for the machine; throws `WireError` on a bad frame. */
  deliver(frame: Uint8Array): void {
    const opened = metered('crypto', () =>
      openFrame(frame, {
        sessionId: this.opts.sessionId,
        self: this.self,
        committee: this.committee,
        x25519SecretKey: this.opts.self.x25519SecretKey,
      }),
    );
    if (this.state === 'done' || this.state === 'failed') return;
    // A verified frame's id (a broadcast's signature, a point-to-point frame's nonce and tag) identifies it.
    const id = bytesToHex(opened.id);
    if (this.seen.has(id)) return;
    if (this.inbox.filter((f) => f.sender === opened.sender).length >= MAX_QUEUED_PER_MEMBER) {
      throw new TssError(`${opened.sender} has too many frames waiting in this session`, { code: 'BUSY' });
    }
    this.seen.add(id);
    // Its sender is past the round before: our frames to it of earlier rounds are no longer needed.
    this.opts.hub.release(this.id, opened.sender, opened.round);
    this.progressed();
    if (opened.recipient === null) this.signedFrames.push({ payload: opened.payload, frame });
    this.inbox.push(opened);
    this.drain();
  }

  status(): SessionStatus {
    return {
      partyId: this.self,
      state: this.state,
      round: this.machine?.round ?? this.final?.round ?? 0,
      totalRounds: this.machine?.totalRounds ?? this.final?.totalRounds ?? 0,
      waitingFor: this.waitingFor(),
    };
  }

  /** Ends the run with a failure: every subscriber hears it, `outcome` rejects. */
  fail(failure: SessionFailure): void {
    if (this.state === 'done' || this.state === 'failed') return;
    this.state = 'failed';
    this.stop();
    this.opts.hub.publish(this.id, null, { event: 'failure', data: failure });
    this.publishStatus();
    this.opts.log?.(`session ${this.id.slice(0, 12)} failed: ${failure.reason}`);
    this.rejectOutcome(new SessionFailedError(failure));
  }

  /** Publishes an extra event to every subscriber (the signature, the verifying key). */
  announce(event: string, data: unknown): void {
    this.opts.hub.publish(this.id, null, { event, data });
  }

  /**
   * Stops timers and outgoing subscriptions and ends the machine's run (it lets go of the OT pairs it
   * holds), then drops the machine and the frames kept for it: the session stays for polling until it
   * is pruned, and the run's state (OT extension rows, ~150 KB a signing) would stay with it. The hub's
   * streams stay until the caller closes them.
   */
  stop(): void {
    clearTimeout(this.timer);
    this.abort.abort();
    const machine = this.machine;
    if (machine) {
      this.final = { round: machine.round, totalRounds: machine.totalRounds };
      machine.close();
      this.machine = undefined;
    }
    this.inbox.length = 0;
    this.seen.clear();
    this.signedFrames.length = 0;
  }

  private waitingFor(): PartyId[] {
    if (this.machine) return this.machine.waitingFor();
    if (!this.ready) return [];
    return this.others()
      .map((m) => m.partyId)
      .filter((p) => !this.subscribed.has(p));
  }

  private maybeStart(): void {
    if (!this.ready || this.machine || this.state !== 'pending') return;
    if (this.others().some((m) => !this.subscribed.has(m.partyId))) return;
    this.state = 'running';
    let first: OutgoingMessage[];
    try {
      const machine = (this.machine = this.opts.createMachine());
      first = metered('protocol', () => machine.start());
    } catch (error) {
      this.failFromError(error);
      return;
    }
    const go = () => {
      if (this.state !== 'running') return;
      this.sending = true;
      // The status first: a small event ahead of the round's large frames on each stream, so subscribers
      // learn the round even if this process dies right after (an operator's machine killed mid-run).
      this.publishStatus();
      this.send(first);
      this.drainSoon();
    };
    if (!this.opts.persistStart) return go();
    this.opts.persistStart().then(go, (error: unknown) => this.failFromError(error));
  }

  /** Feeds queued frames of the machine's current round (or earlier: the machine rejects those). */
  private drain(): void {
    const machine = this.machine;
    if (!machine || !this.sending || this.state !== 'running') return;
    while (this.state === 'running') {
      const index = this.inbox.findIndex((f) => f.round <= machine.round);
      if (index < 0) break;
      const [frame] = this.inbox.splice(index, 1) as [OpenedFrame];
      try {
        const step = metered('protocol', () =>
          machine.handle({ from: frame.sender, payload: frame.payload }),
        );
        this.send(step.messages);
        if (step.result !== undefined) {
          this.state = 'done';
          this.stop();
          this.publishStatus();
          this.resolveOutcome(step.result);
          return;
        }
        if (step.messages.length > 0) {
          this.publishStatus();
          this.drainSoon();
          return;
        }
      } catch (error) {
        this.failFromError(error);
        return;
      }
    }
    this.publishStatus();
  }

  /**
   * Drains on the event loop's next turn, so what was just sent leaves the process first: Node's HTTP
   * responses hold a tick's writes until the tick ends, and the next round's computation (or a crash)
   * would otherwise keep the others waiting for messages that are ready (or lose them).
   */
  private drainSoon(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      this.drain();
    });
  }

  private send(messages: OutgoingMessage[]): void {
    const emit = (list: OutgoingMessage[]): void => {
      if (this.state === 'failed') return;
      for (const message of list) this.publishFrame(message);
    };
    if (this.opts.outgoing) this.opts.outgoing(messages, emit);
    else emit(messages);
  }

  private publishFrame(message: OutgoingMessage): void {
    const recipient = message.to === null ? null : this.members.get(message.to);
    if (message.to !== null && !recipient) return;
    const bytes = metered('crypto', () =>
      sealFrame({
        sessionId: this.opts.sessionId,
        sender: this.self,
        signer: this.opts.self.signer,
        round: message.round,
        payload: message.payload,
        recipient: recipient ? { party: recipient.partyId, x25519PublicKey: recipient.x25519 } : null,
        x25519SecretKey: this.opts.self.x25519SecretKey,
      }),
    );
    this.opts.hub.publish(this.id, message.to, { event: 'frame', frame: bytes }, message.round);
  }

  /**
   * Tells every subscriber where the run is, when that changed: a frame for a later round leaves it as
   * it was, and each repeat would be written to every stream, kept in the backlog and parsed by each
   * subscriber.
   */
  private publishStatus(): void {
    const raw = JSON.stringify(this.status());
    if (raw === this.lastStatus) return;
    this.lastStatus = raw;
    this.opts.hub.publish(this.id, null, { event: 'status', raw });
  }

  private failFromError(error: unknown): void {
    if (error instanceof ProtocolError) {
      const d = error.details;
      this.fail({
        reason: d.reason,
        code: error.code,
        ...(d.culprit === undefined ? {} : { culprit: d.culprit }),
        ...(d.pair === undefined ? {} : { pair: d.pair }),
        ...(d.evidence === undefined ? {} : { evidence: this.evidence(d.evidence) }),
        ...(d.round === undefined ? {} : { round: d.round }),
        ...(typeof d.stale === 'string' ? { stale: d.stale } : {}),
      });
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    this.fail({ reason: `internal error: ${message}`, code: 'INTERNAL' });
  }

  /**
   * The protocol's evidence is the culprit's payloads; where a payload came in a broadcast frame, the
   * signed frame replaces it, so anyone can check who sent it. Kept under the chain's evidence limit.
   */
  private evidence(payloads: string[]): string[] {
    const out: string[] = [];
    let bytes = 0;
    for (const payload of payloads) {
      const signed = this.signedFrames.find((f) => bytesToHex(f.payload) === payload);
      const item = signed ? bytesToHex(signed.frame) : payload;
      if (bytes + item.length / 2 > MAX_EVIDENCE_BYTES) break;
      bytes += item.length / 2;
      out.push(item);
    }
    return out;
  }

  private progressed(): void {
    if (this.state === 'done' || this.state === 'failed') return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.timeout(), this.opts.timeoutMs);
  }

  private timeout(): void {
    const missing = this.waitingFor();
    const steps = this.ready ? [] : this.pendingSteps;
    const what = [...steps, ...missing.map((p) => `party ${p}`)].join(', ') || 'the other parties';
    this.fail({
      reason: `no progress for ${this.opts.timeoutMs} ms, waiting for ${what}`,
      code: 'TIMEOUT',
      missing,
      ...(this.machine ? { round: this.machine.round } : {}),
    });
  }

  /**
   * Whether `peer`'s stream of this session carries `event` (a late subscriber gets the backlog) within
   * `timeoutMs`. It follows the stream on its own: the run may be over and its own following stopped.
   */
  async heardFrom(peer: Member, event: SessionEvent['type'], timeoutMs: number): Promise<boolean> {
    for await (const heard of this.eventsOf(peer, AbortSignal.timeout(timeoutMs), () => false))
      if (heard.type === event) return true;
    return false;
  }

  /** Follows one validator's stream for this session, retrying until it exists or the run ends. */
  private async follow(peer: Member): Promise<void> {
    const ended = () => this.state === 'done' || this.state === 'failed';
    for await (const event of this.eventsOf(peer, this.abort.signal, ended)) {
      if (event.type !== 'frame') continue;
      try {
        this.deliver(event.frame);
      } catch (error) {
        // A frame that does not verify proves nothing about the peer (anyone can send bytes); drop it.
        this.opts.log?.(`dropped a frame from ${peer.partyId}: ${(error as Error).message}`);
      }
    }
  }

  /**
   * `peer`'s events of this session, subscribing again when its stream is not there yet (404) or broke,
   * until `signal` aborts or, once a stream ended, `ended()` says nothing more is wanted.
   */
  private async *eventsOf(
    peer: Member,
    signal: AbortSignal,
    ended: () => boolean,
  ): AsyncGenerator<SessionEvent, void, undefined> {
    if (!peer.endpoint) return;
    while (!signal.aborted) {
      try {
        // A MAC under our and the peer's X25519 keys (both on chain) replaces an sr25519 signature here
        // and its verification there.
        const request = createMacSubscribeRequest({
          partyId: this.self,
          target: peer.partyId,
          sessionId: this.opts.sessionId,
          account: this.opts.self.signer.publicKey,
          x25519SecretKey: this.opts.self.x25519SecretKey,
          targetX25519PublicKey: peer.x25519,
        });
        yield* followStream(peer.endpoint, request, signal);
        if (ended()) return;
      } catch (error) {
        if (!signal.aborted) this.opts.log?.(`following ${peer.partyId}: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
