/**
 * Whom a TSS server reports on chain after its signing run failed. A report excludes the accused from
 * committees for the exclusion period, so only evidence of misbehaviour accuses: a culprit the protocol
 * named, a party whose messages never came, and the other side of a failed pairwise check (which of the
 * two cheated cannot be told). The state of a pair is nobody's misbehaviour: our own copy discarded
 * after an earlier failed check, busy, or already used by this session id, and a validator's old copy of
 * a pair the servers renewed moments ago (the renewal reaches each group through its own member, so one
 * group may hold it before the other). Those runs fail without a report and the pair is set up again.
 * Only the user is accused of an old copy: a validator's copy is never newer than a setup the user ran.
 */
import type { SessionFailure } from '../../lib/tss';

export function accusedBy(failure: SessionFailure, self: string, user: string): string[] {
  const accused = new Set<string>();
  if (failure.culprit) accused.add(failure.culprit);
  for (const party of failure.missing ?? []) accused.add(party);
  const other = failure.pair?.includes(self) ? failure.pair.find((p) => p !== self) : undefined;
  if (other !== undefined) {
    if (failure.code === 'PAIRWISE_CHECK') accused.add(other);
    if (failure.code === 'OT_STALE' && failure.stale === other && other === user) accused.add(other);
  }
  accused.delete(self);
  return [...accused];
}
