/**
 * `stakingExtension`: validators, their TSS servers and signing groups (set at genesis), and the
 * committee selection rule both registration and signing use.
 */
import type { GenesisConfig } from '../../genesis';
import { stringToHex } from '@polkadot/util';
import type { Ctx } from './context';
import type { CommitteeMember, Hex, ServerInfo } from './entropy-types';

const PALLET = 'StakingExtension';

export function stakingGenesis(ctx: Ctx, config: GenesisConfig): void {
  config.signingGroups.forEach((group, g) => {
    ctx.put(
      PALLET,
      'SigningGroups',
      g,
      group.map((v) => v.stash),
    );
    for (const v of group) {
      const info: ServerInfo = {
        tssAccount: v.tssAccount,
        x25519PublicKey: v.x25519PublicKey as Hex,
        endpoint: stringToHex(v.endpoint),
      };
      ctx.put(PALLET, 'ThresholdServers', v.stash, info);
      ctx.put(PALLET, 'ThresholdToStash', v.tssAccount, v.stash);
      ctx.put(PALLET, 'ValidatorToSigningGroup', v.stash, g);
    }
  });
  ctx.put(PALLET, 'SigningGroupCount', undefined, config.signingGroups.length);
}

export function signingGroupCount(ctx: Ctx): number {
  return ctx.jsonOrDefault<number>(PALLET, 'SigningGroupCount');
}

export function stashOfTss(ctx: Ctx, tssAccount: string): string | null {
  return ctx.json<string>(PALLET, 'ThresholdToStash', tssAccount);
}

export function isExcluded(ctx: Ctx, stash: string, blockNumber: number): boolean {
  const until = ctx.json<number>('Relayer', 'ExcludedUntil', stash);
  return until !== null && until > blockNumber;
}

/**
 * One member per signing group: group g's list rotated to start at `blockNumber % len`, first member
 * not excluded at `blockNumber`. Null when some group has nobody available.
 */
export function selectCommittee(ctx: Ctx, blockNumber: number): CommitteeMember[] | null {
  const committee: CommitteeMember[] = [];
  for (let g = 0; g < signingGroupCount(ctx); g++) {
    const list = ctx.jsonOrDefault<string[]>(PALLET, 'SigningGroups', g);
    let chosen: string | null = null;
    for (let k = 0; k < list.length && chosen === null; k++) {
      const stash = list[(blockNumber + k) % list.length] as string;
      if (!isExcluded(ctx, stash, blockNumber)) chosen = stash;
    }
    if (chosen === null) return null;
    const info = ctx.json<ServerInfo>(PALLET, 'ThresholdServers', chosen);
    if (!info) return null;
    committee.push({ signingGroup: g, stash: chosen, ...info });
  }
  return committee;
}
