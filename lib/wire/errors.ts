import { WalletError, registerError } from '../errors';

/**
 * Why a wire message was refused.
 *
 * - `MALFORMED`: not a well-formed message of the expected kind (bad JSON shape, bad hex or base64,
 *   truncated, trailing bytes, field out of range, unknown version).
 * - `BAD_KEY`: a key is unusable (a low-order X25519 point, or our own key is not 32 bytes).
 * - `BAD_SIGNATURE`: the sr25519 signature does not verify for the claimed sender.
 * - `BAD_SENDER`: the signature is valid, but the signer may not speak for the claimed party.
 * - `WRONG_RECIPIENT`: the message is addressed to another party or another X25519 key.
 * - `WRONG_SESSION`: the message belongs to another protocol session (cross-session replay).
 * - `DECRYPT_FAILED`: the ciphertext does not authenticate under the agreed key and header.
 * - `STALE`: the request's timestamp is outside the accepted window (replay or clock skew).
 */
export type WireErrorCode =
  | 'MALFORMED'
  | 'BAD_KEY'
  | 'BAD_SIGNATURE'
  | 'BAD_SENDER'
  | 'WRONG_RECIPIENT'
  | 'WRONG_SESSION'
  | 'DECRYPT_FAILED'
  | 'STALE';

/**
 * The only error the `lib/wire` decoders and openers throw on bad input. Servers map it to a 4xx
 * answer with `message` as the reason; `details.field` names the offending field where there is one.
 */
export class WireError extends WalletError {
  /** `options.code` is one of `WireErrorCode`; typed as string so a deserialized error rebuilds too. */
  constructor(
    message: string,
    options: { code?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { ...options, code: options.code ?? 'MALFORMED' });
  }
}
registerError(WireError);

/** Shorthand for the common case: a malformed field. */
export function malformed(field: string, reason: string): WireError {
  return new WireError(`Malformed ${field}: ${reason}`, { code: 'MALFORMED', details: { field } });
}
