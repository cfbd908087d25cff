import { WalletError, registerError } from '../errors';
import type { PartyId } from './types';

/**
 * Why a protocol run failed.
 *
 * - `MALFORMED`: a message that does not decode (wrong version, length, point off the curve, zero scalar …).
 * - `UNEXPECTED`: a well-formed message that does not fit the run (wrong session, sender, round, duplicate).
 * - `BAD_PROOF`: a Schnorr proof or commitment opening that does not verify (publicly checkable).
 * - `PAIRWISE_CHECK`: a two-party consistency check failed; only the pair is known, not who cheated.
 * - `OT_DISCARDED`: the pair's OT setup was discarded after a failed check (or ran its maximum number of
 *   sessions) and must be set up again.
 * - `OT_STALE`: the two parties hold different generations of their pair's OT setup (one holds an old
 *   copy: a backup, a group replica, a device restored elsewhere); the stale side must set it up again.
 * - `SESSION_REUSED`: this session id already ran with this OT setup; ids are never reused.
 * - `PAIR_BUSY`: another run is in flight on one of the pairs; one run per pair at a time.
 * - `BAD_SIGNATURE`: the combined signature does not verify.
 * - `BAD_INPUT`: the caller passed invalid options (not a fault of any party).
 * - `INTERNAL`: a bug or an unexpected exception inside the protocol code.
 */
export type ProtocolErrorCode =
  | 'MALFORMED'
  | 'UNEXPECTED'
  | 'BAD_PROOF'
  | 'PAIRWISE_CHECK'
  | 'OT_DISCARDED'
  | 'OT_STALE'
  | 'SESSION_REUSED'
  | 'PAIR_BUSY'
  | 'BAD_SIGNATURE'
  | 'BAD_INPUT'
  | 'INTERNAL';

export interface ProtocolErrorDetails extends Record<string, unknown> {
  culprit?: PartyId;
  pair?: [PartyId, PartyId];
  reason: string;
  /** Hex of the culprit's own messages, where the fault is publicly checkable from them. */
  evidence?: string[];
  round?: number;
}

/** The only error the protocol machines and decoders throw on bad input. */
export class ProtocolError extends WalletError {
  declare readonly details: ProtocolErrorDetails;

  constructor(
    message: string,
    options: { code?: ProtocolErrorCode | string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, {
      ...options,
      code: options.code ?? 'MALFORMED',
      details: { reason: message, ...(options.details ?? {}) },
    });
  }
}
registerError(ProtocolError);

export function badInput(reason: string): ProtocolError {
  return new ProtocolError(`Invalid protocol options: ${reason}`, { code: 'BAD_INPUT', details: { reason } });
}

/**
 * Runs an entry point's checks so that whatever a caller passes, the only error is a ProtocolError: a
 * property access on malformed input that the checks did not foresee becomes BAD_INPUT, not a TypeError.
 */
export function asProtocolError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError(
      `Invalid protocol options: ${error instanceof Error ? error.message : String(error)}`,
      {
        code: 'BAD_INPUT',
        cause: error,
      },
    );
  }
}
