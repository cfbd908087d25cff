/**
 * Who a failed signing attempt points at, read from our own protocol machine's error or from a committee
 * member's failure report, and which of our pairs must be set up again before the next attempt.
 */
import { ProtocolError } from '../../protocol';
import { TssClientError, type SessionFailure } from '../../tss';

export interface Blame {
  party: string;
  reason: string;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Who a failed protocol run points at, from our own machine's error or a validator's report. A failed
 * pairwise check names a pair, not who cheated; when we are one of the two, the other one is to blame as
 * far as we can tell (a validator holding a stale copy of its group's share fails the same way).
 */
export function blameOf(error: unknown, self: string): Blame[] {
  const named = (culprit: unknown, pair: string[] = [], missing: string[] = []) =>
    [...new Set([culprit, ...pair.filter((p) => p !== self), ...missing])].filter(
      (p): p is string => typeof p === 'string',
    );
  const stale = staleParty(error);
  if (stale !== undefined && stale !== self) return [{ party: stale, reason: staleReason(error, stale) }];
  if (error instanceof ProtocolError) {
    const details = error.details ?? {};
    return named(details.culprit, details.pair as string[] | undefined).map((party) => ({
      party,
      reason: error.message,
    }));
  }
  if (error instanceof TssClientError) {
    const failure = error.details?.failure as SessionFailure | undefined;
    if (failure) {
      return named(failure.culprit, failure.pair, failure.missing).map((party) => ({
        party,
        reason: failure.reason,
      }));
    }
    const missing = (error.details?.missing as string[] | undefined) ?? [];
    return missing.map((party) => ({ party, reason: `no protocol message from ${party} in time` }));
  }
  return [];
}

/** The code and pair of a failure that names a pair, from our machine's error or a validator's report. */
function pairFailure(error: unknown): { code: string; pair?: string[] } | undefined {
  if (error instanceof ProtocolError) return { code: error.code, pair: error.details?.pair as string[] };
  if (error instanceof TssClientError) return error.details?.failure as SessionFailure | undefined;
  return undefined;
}

/**
 * A pair of two validators being renewed (one side's copy discarded after a failed check, or older than
 * the other's): the servers complete the renewal, and nobody is reported for it.
 */
export function isOthersPairRenewal(error: unknown, self: string): boolean {
  const failure = pairFailure(error);
  return (
    failure !== undefined &&
    ['OT_STALE', 'OT_DISCARDED'].includes(failure.code) &&
    failure.pair !== undefined &&
    !failure.pair.includes(self)
  );
}

/**
 * Whether the committee reports this failure on chain (devnet/tss/accuse.ts): only evidence of
 * misbehaviour is reported — a named culprit, missing messages, a failed pairwise check.
 */
export function isReported(error: unknown): boolean {
  const details =
    error instanceof ProtocolError
      ? error.details
      : error instanceof TssClientError
        ? ((error.details?.failure as SessionFailure | undefined) ?? error.details)
        : undefined;
  if (!details) return false;
  const missing = (details.missing as string[] | undefined) ?? [];
  return details.culprit !== undefined || missing.length > 0 || pairFailure(error)?.code === 'PAIRWISE_CHECK';
}

/** OT_STALE (from our machine or a validator's report): the party holding an old copy of the pair. */
export function staleParty(error: unknown): string | undefined {
  if (error instanceof ProtocolError)
    return error.code === 'OT_STALE' ? (error.details?.stale as string | undefined) : undefined;
  const failure =
    error instanceof TssClientError ? (error.details?.failure as SessionFailure | undefined) : undefined;
  return failure?.code === 'OT_STALE' ? failure.stale : undefined;
}

/**
 * The same words whichever side saw the old copy first: our machine, or a member's report (which of
 * the two arrives first is a race between the rounds' frames and the member's failure event).
 */
function staleReason(error: unknown, stale: string): string {
  if (!(error instanceof TssClientError)) return messageOf(error);
  const { reporter, failure } = error.details as { reporter: string; failure: SessionFailure };
  const other = failure.pair?.find((p) => p !== stale) ?? reporter;
  return `${stale} holds an old copy of its pair with ${other} and must set the pair up again (reported by ${reporter})`;
}

/**
 * The other party of a pair of ours that must be set up again: a failed pairwise check (or a pair
 * discarded after one) that includes us, or a validator holding an old copy of its group's pair with
 * us (OT_STALE: a member that missed the group's last setup, e.g. down during a restore).
 */
export function pairToSetUpAgain(error: unknown, self: string): string | undefined {
  const failure =
    error instanceof ProtocolError
      ? { code: error.code, pair: error.details?.pair as string[] | undefined }
      : error instanceof TssClientError
        ? (error.details?.failure as SessionFailure | undefined)
        : undefined;
  const again = ['PAIRWISE_CHECK', 'OT_DISCARDED', 'OT_STALE'];
  if (!failure || !again.includes(failure.code) || !failure.pair?.includes(self)) return undefined;
  // Our own stale copy is not ours to renew: the account was restored elsewhere (ShareRestoredElsewhere).
  if (staleParty(error) === self) return undefined;
  return failure.pair.find((p) => p !== self);
}
