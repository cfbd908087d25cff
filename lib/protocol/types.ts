/**
 * Public types of the threshold protocol (see /work/notes/protocol-api.md for the agreed API).
 */

/** Opaque party name, 1..64 bytes of UTF-8 (a signing group id for validators, an SS58 address for the user). */
export type PartyId = string;

/** A message to send: `to = null` is a broadcast to every other party. */
export interface OutgoingMessage {
  to: PartyId | null;
  round: number;
  payload: Uint8Array;
}

/** A message received from the transport; `from` is the authenticated sender. */
export interface IncomingMessage {
  from: PartyId;
  payload: Uint8Array;
}

export interface ProtocolStep<R> {
  messages: OutgoingMessage[];
  result?: R;
}

/** A transport-free round-based state machine: no I/O, no timers. */
export interface ProtocolMachine<R> {
  start(): OutgoingMessage[];
  /** Throws `ProtocolError` naming the culprit on bad input. */
  handle(message: IncomingMessage): ProtocolStep<R>;
  readonly done: boolean;
  /** Current round, for progress display. */
  readonly round: number;
  readonly totalRounds: number;
  /** Parties whose message for the current round is still missing (for the caller's timeout). */
  waitingFor(): PartyId[];
  /**
   * Ends the run early (a timeout, or the caller gave up) and releases what it holds — a signing run
   * holds its pairs' OT setups until it is done, fails or is closed. Idempotent.
   */
  close(): void;
}

/** An ECDSA signature over secp256k1, low-s normalised; `bytes` is r‖s‖v with v = recovery (0 or 1). */
export interface Signature {
  r: Uint8Array;
  s: Uint8Array;
  recovery: 0 | 1;
  bytes: Uint8Array;
}
