import { bytesToHex } from '@noble/hashes/utils.js';
import { ProtocolError, type OutgoingMessage, type ProtocolMachine } from '../protocol';
import {
  createSubscribeRequest,
  openFrame,
  sealFrame,
  type OpenedFrame,
  type Sr25519Signer,
  type SubscribeRequest,
} from '../wire';
import { postMessage } from './client';
import { TssClientError } from './errors';
import { metered } from './meter';
import type { RequestOptions } from './http';
import { subscribe } from './subscribe';
import type { SessionEvent, SessionFailure, SessionStatus } from './types';

/** A validator of the committee, as the chain announced it. */
export interface CommitteePeer {
  partyId: string;
  endpoint: string;
  /** The sr25519 account that certifies its broadcast frames' key. */
  tssAccount: Uint8Array;
  /** Its X25519 key: our point-to-point frames are encrypted to it, and its own must come from it. */
  x25519PublicKey: Uint8Array;
}

/**
 * How a user party reaches the committee: a member's event stream, and our frames to a member. The
 * default is lib/tss's `subscribe` and `postMessage` over `fetch` (the wallet's service worker, where
 * fetch is the browser's native code); a Node process may bring its own over `node:http`
 * (`devnet/tss/node-transport.ts`, `bench:tss`'s user parties: undici's fetch and web streams were a
 * third of their CPU outside the protocol). Errors as lib/tss's: `TssClientError`, `TSS_UNREACHABLE`
 * for a member that cannot be reached.
 */
export interface UserPartyTransport {
  /** Yields the member's events until it ends the stream; returns quietly once `signal` aborts. */
  subscribe(endpoint: string, request: SubscribeRequest, signal: AbortSignal): AsyncIterable<SessionEvent>;
  postMessage(endpoint: string, frame: Uint8Array, signal?: AbortSignal): Promise<void>;
}

export interface UserPartyOptions<R> extends RequestOptions {
  sessionId: Uint8Array;
  /** Our party id (the account's SS58 address). */
  partyId: string;
  signer: Sr25519Signer;
  /** The X25519 secret whose public key went to the validators in our envelope: their frames are encrypted to it. */
  x25519SecretKey: Uint8Array;
  committee: CommitteePeer[];
  machine: ProtocolMachine<R>;
  /**
   * Awaited after the machine's `start()` and before any of its messages is sent: a signing run has
   * then recorded its session id in the share, which must be persisted first (docs/protocol.md) — the
   * share, or the run's record, whose write may have begun before `start()`.
   */
  persistStart?: () => Promise<void>;
  /** Inactivity timeout: how long without a verified frame before giving up. Default 60 s. */
  timeoutMs?: number;
  /** Each validator's progress, as it reports it. */
  onStatus?: (status: SessionStatus) => void;
  /** Called once, as our first round leaves: the gate passed, every stream is open, the start persisted. */
  onStart?: () => void;
  /**
   * Settles when the run may send (a signing run: once every member accepted the transaction). The
   * streams open and the machine computes its first round meanwhile, so the protocol goes on the moment
   * all are done; a rejection ends the run with that error before anything is sent.
   */
  mayStart?: Promise<unknown>;
  /**
   * Resolve only once every validator also announced `ot-ready` (it stored the result and gave it to its
   * group), so the next run, with any member of that group, finds it there.
   */
  awaitOtReady?: boolean;
  /** Defaults to lib/tss's `fetch`-based calls (with `fetch`, if given). */
  transport?: UserPartyTransport;
}

/**
 * Runs the user's party of a protocol session against the committee's TSS servers: subscribes to every
 * validator, computes the first round meanwhile, sends it once all streams are open, posts our frames with `/signer/message` (point-to-point
 * ones only to their recipient, encrypted to it) and feeds verified frames to the machine round by
 * round. Rejects with the machine's `ProtocolError`, or a `TssClientError` carrying a validator's
 * `SessionFailure` (`code: 'TSS_SESSION_FAILED'`) or the parties we still wait for or could not reach
 * (`TSS_TIMEOUT`). A report of a failed check between two other members gives way to our own check's
 * error, if that fails too once we have the round's frames: it names the member, where a pair cannot.
 */
export function runUserParty<R>(opts: UserPartyOptions<R>): Promise<R> {
  const { machine } = opts;
  const controller = new AbortController();
  const outer = opts.signal;
  const signal = controller.signal;
  const peers = new Map(opts.committee.map((p) => [p.partyId, p]));
  const committeeKeys = new Map(
    opts.committee.map((p) => [p.partyId, { account: p.tssAccount, x25519: p.x25519PublicKey }]),
  );
  const opened = new Set<string>();
  const inbox: OpenedFrame[] = [];
  const seen = new Set<string>();
  const unreachable = new Set<string>();
  const otReady = new Set<string>();
  const transport: UserPartyTransport = opts.transport ?? {
    subscribe: (endpoint, request, signal) => subscribe(endpoint, request, { signal, fetch: opts.fetch }),
    postMessage: (endpoint, frame, signal) => postMessage(endpoint, frame, { signal, fetch: opts.fetch }),
  };
  let result: { value: R } | undefined;
  /**
   * A member's report of a failed check between two others: a pair names no cheater, and our own
   * check with the same member, due this round, would name it. Held until our machine waits only for
   * members that reported (or for nobody it can hear from in time).
   */
  let heldReport: TssClientError | undefined;
  const reporters = new Set<string>();
  let started = false;
  let mayStart = opts.mayStart === undefined;
  let finished = false;

  return new Promise<R>((resolve, reject) => {
    const finish = (action: () => void): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      controller.abort();
      // A run that failed or timed out lets go of the OT pairs it holds (the next run may start).
      machine.close();
      action();
    };
    const fail = (error: unknown): void => finish(() => reject(error));
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const timeout = (): void => {
      // Until the run may start, its gate (the delivery, with its own bounds) decides.
      if (!mayStart) return progressed();
      if (heldReport) return fail(heldReport);
      const waiting = [
        ...new Set([
          ...unreachable,
          ...(started
            ? machine.waitingFor()
            : opts.committee.map((p) => p.partyId).filter((p) => !opened.has(p))),
        ]),
      ];
      fail(
        new TssClientError(
          `The session made no progress for ${timeoutMs} ms, waiting for ${waiting.join(', ') || 'the committee'}`,
          { code: 'TSS_TIMEOUT', details: { missing: waiting, round: machine.round } },
        ),
      );
    };
    // An inactivity timeout: every verified frame or opened stream restarts it.
    let timer = setTimeout(timeout, timeoutMs);
    const progressed = (): void => {
      clearTimeout(timer);
      if (!finished) timer = setTimeout(timeout, timeoutMs);
    };
    outer?.addEventListener('abort', () => fail(outer.reason), { once: true });

    const send = (messages: OutgoingMessage[]): void => {
      for (const message of messages) {
        const recipient = message.to === null ? null : peers.get(message.to);
        if (message.to !== null && !recipient) continue;
        const frame = metered('crypto', () =>
          sealFrame({
            sessionId: opts.sessionId,
            sender: opts.partyId,
            signer: opts.signer,
            round: message.round,
            payload: message.payload,
            recipient: recipient
              ? { party: recipient.partyId, x25519PublicKey: recipient.x25519PublicKey }
              : null,
            x25519SecretKey: opts.x25519SecretKey,
          }),
        );
        const targets = recipient ? [recipient] : opts.committee;
        for (const peer of targets) {
          void transport.postMessage(peer.endpoint, frame, outer).catch((error: unknown) => {
            // A member that went away cannot finish the run either: the others' report or our own
            // inactivity timeout names it. Anything else (a refusal) ends the run now.
            if (error instanceof TssClientError && error.code === 'TSS_UNREACHABLE')
              unreachable.add(peer.partyId);
            else fail(error);
          });
        }
      }
    };

    // Our last frames stay on their way after we resolve (their requests are not tied to this run's
    // abort): the signature is complete here, and a validator answers a frame only once it has handled it.
    const settle = (): void => {
      if (!result || (opts.awaitOtReady && otReady.size < opts.committee.length)) return;
      const { value } = result;
      finish(() => resolve(value));
    };

    // The first round is computed, and the share persisted, while the gate and the streams are awaited:
    // nothing leaves before both, so a refused gate has sent nothing (the id is spent either way).
    let first: OutgoingMessage[] | undefined;
    const prepare = (): void => {
      if (finished) return;
      let messages: OutgoingMessage[];
      try {
        messages = metered('protocol', () => machine.start());
      } catch (error) {
        return fail(error);
      }
      void (opts.persistStart?.() ?? Promise.resolve()).then(
        () => {
          first = messages;
          startMachine();
        },
        (error: unknown) => fail(error),
      );
    };

    let sending = false;
    const startMachine = (): void => {
      if (started || !first || !mayStart || finished || opened.size < opts.committee.length) return;
      started = true;
      sending = true;
      opts.onStart?.();
      send(first);
      drain();
    };

    const failWithHeldReportOnceIdle = (): void => {
      if (!heldReport || finished) return;
      const waiting = started ? machine.waitingFor() : [];
      if (waiting.every((p) => reporters.has(p) || unreachable.has(p))) fail(heldReport);
    };

    const drain = (): void => {
      while (sending && !finished) {
        const index = inbox.findIndex((f) => f.round <= machine.round);
        if (index < 0) return failWithHeldReportOnceIdle();
        const [frame] = inbox.splice(index, 1) as [OpenedFrame];
        try {
          const step = metered('protocol', () =>
            machine.handle({ from: frame.sender, payload: frame.payload }),
          );
          send(step.messages);
          if (step.result !== undefined) {
            result = { value: step.result };
            settle();
            return;
          }
        } catch (error) {
          fail(error instanceof ProtocolError ? error : new TssClientError(String(error)));
        }
      }
    };

    const deliver = (bytes: Uint8Array): void => {
      let frame: OpenedFrame;
      try {
        frame = metered('crypto', () =>
          openFrame(bytes, {
            sessionId: opts.sessionId,
            self: opts.partyId,
            committee: committeeKeys,
            x25519SecretKey: opts.x25519SecretKey,
          }),
        );
      } catch {
        // A frame that does not verify proves nothing about its claimed sender: drop it.
        return;
      }
      // A verified frame seen before (a reconnected stream replays its backlog) is dropped: its id
      // identifies it, and only after verification, so a forged copy cannot mask the real one.
      const key = bytesToHex(frame.id);
      if (seen.has(key)) return;
      seen.add(key);
      inbox.push(frame);
      progressed();
      drain();
    };

    const follow = async (peer: CommitteePeer): Promise<void> => {
      while (!signal.aborted) {
        try {
          const request = createSubscribeRequest({
            partyId: opts.partyId,
            target: peer.partyId,
            sessionId: opts.sessionId,
            signer: opts.signer,
          });
          for await (const event of transport.subscribe(peer.endpoint, request, signal)) {
            if (!opened.has(peer.partyId)) {
              opened.add(peer.partyId);
              progressed();
              startMachine();
            }
            if (event.type === 'frame') deliver(event.frame);
            else if (event.type === 'status') opts.onStatus?.(event.status);
            else if (event.type === 'ot-ready') {
              otReady.add(peer.partyId);
              progressed();
              settle();
            } else if (event.type === 'failure') {
              const report = failureError(peer.partyId, event.failure);
              if (!isOthersFailedCheck(event.failure, opts.partyId)) return fail(report);
              reporters.add(peer.partyId);
              heldReport ??= report;
              return failWithHeldReportOnceIdle();
            }
          }
        } catch (error) {
          if (signal.aborted) return;
          if (error instanceof ProtocolError) return fail(error);
          // The session may not exist there yet, or the stream broke: try again.
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    opts.mayStart?.then(
      () => {
        mayStart = true;
        startMachine();
      },
      (error: unknown) => fail(error),
    );
    for (const peer of opts.committee) void follow(peer);
    // After the streams' requests are on their way, not before.
    setTimeout(prepare, 0);
  });
}

function isOthersFailedCheck(failure: SessionFailure, self: string): boolean {
  return failure.code === 'PAIRWISE_CHECK' && failure.pair !== undefined && !failure.pair.includes(self);
}

function failureError(reporter: string, failure: SessionFailure): TssClientError {
  return new TssClientError(`${reporter} reports the session failed: ${failure.reason}`, {
    code: 'TSS_SESSION_FAILED',
    details: { reporter, failure },
  });
}
