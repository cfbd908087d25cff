import type { KeyShare, PairwiseOt } from '../../lib/protocol';
import { TssError } from './errors';

/**
 * What a server does with a group mate's copy of one OT pair (a renewed pair, or a pair of a whole share
 * it replicates): `adopt` it, keep the one `held` here (the same setup), or refuse it as `stale`.
 * A newer generation replaces an older one. Two members of a group that each renewed the pair at once
 * (each with the member of the other group in its own committee) make two setups of one generation;
 * the setup with the smaller id wins on every member of both groups, so the groups end up holding one
 * setup between them (a split would fail every run that met the other copy).
 */
export type ReplicaVerdict = 'adopt' | 'held' | 'stale';

export function pairReplicaVerdict(held: PairwiseOt | undefined, incoming: PairwiseOt): ReplicaVerdict {
  if (!held || incoming.generation > held.generation) return 'adopt';
  if (incoming.generation < held.generation) return 'stale';
  const order = compareIds(incoming.setupId, held.setupId);
  return order === 0 ? 'held' : order < 0 ? 'adopt' : 'stale';
}

/** Throws STALE_SHARE unless a copy of the pair with `peer` may be stored over the one held here. */
export function refuseStalePair(held: PairwiseOt | undefined, incoming: PairwiseOt, peer: string): void {
  if (!held || pairReplicaVerdict(held, incoming) !== 'stale') return;
  const why =
    incoming.generation < held.generation
      ? `is older (generation ${incoming.generation}) than the one held here (${held.generation})`
      : `loses to the other setup of generation ${held.generation} held here (the smaller setup id is kept)`;
  throw new TssError(`The share's OT setup with ${peer} ${why}`, {
    code: 'STALE_SHARE',
    details: { pair: peer, incoming: incoming.generation, held: held.generation },
  });
}

/**
 * Stores a group mate's copy of the pair with `peer` in `live` (the share held here), or throws
 * STALE_SHARE. The same setup already held takes the copy's discard: a mate caught a cheat on this very
 * correlation, which every copy of it must stop using (the cheater may be picked with us next).
 */
export function keepReplicatedPair(live: KeyShare, peer: string, incoming: PairwiseOt): void {
  const held = live.ot.get(peer);
  refuseStalePair(held, incoming, peer);
  const verdict = pairReplicaVerdict(held, incoming);
  if (verdict === 'adopt') live.ot.set(peer, incoming);
  else if (verdict === 'held' && incoming.discarded) held!.discarded = true;
}

/** Byte-wise order of two setup ids. */
function compareIds(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
