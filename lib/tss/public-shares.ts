import type { PublicShares } from '../chain/entropy';
import type { KeyShare } from '../protocol';
import { groupPartyId } from './session-id';

export type { PublicShares };

const GROUP_PARTY = /^group-(\d+)$/;

/** The public shares of `share` (a DKG among `user` and `group-<g>` parties), groups in ascending order. */
export function publicSharesOf(
  share: Pick<KeyShare, 'parties' | 'publicShares'>,
  user: string,
): PublicShares {
  const at = (party: string) => share.publicShares[share.parties.indexOf(party)]!;
  const groups = share.parties
    .map((p) => [Number(GROUP_PARTY.exec(p)?.[1]), p] as const)
    .filter(([g]) => Number.isInteger(g))
    .sort(([a], [b]) => a - b)
    .map(([g, p]) => [g, at(p)] as [number, Uint8Array]);
  return { user: at(user), groups };
}

/** The party ids and their public shares, in the parties' canonical order (as a KeyShare holds them). */
export function partiesOf(
  shares: PublicShares,
  user: string,
): { parties: string[]; publicShares: Uint8Array[] } {
  const entries: [string, Uint8Array][] = [
    [user, shares.user],
    ...shares.groups.map(([g, pk]) => [groupPartyId(g), pk] as [string, Uint8Array]),
  ];
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { parties: entries.map(([p]) => p), publicShares: entries.map(([, pk]) => pk) };
}
