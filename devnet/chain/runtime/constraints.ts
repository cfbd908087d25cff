/** `constraints`: per-account recipient ACLs, changed only by the account's constraint account. */
import type { Ctx } from './context';
import type { Constraints } from './entropy-types';

const PALLET = 'Constraints';

export function checkConstraints(ctx: Ctx, c: Constraints): void {
  for (const acl of [c.evmAcl, c.btcAcl]) {
    if (acl && acl.addresses.length > ctx.config.maxAclLength) ctx.fail(PALLET, 'TooManyAddresses');
  }
}

/** Stores `Some` ACLs and removes `None` ones. */
export function storeConstraints(ctx: Ctx, account: string, c: Constraints): void {
  if (c.evmAcl) ctx.put(PALLET, 'EvmAcl', account, c.evmAcl);
  else ctx.remove(PALLET, 'EvmAcl', account);
  if (c.btcAcl) ctx.put(PALLET, 'BtcAcl', account, c.btcAcl);
  else ctx.remove(PALLET, 'BtcAcl', account);
}

export function updateConstraints(ctx: Ctx, origin: string, sigReqAccount: string, c: Constraints): void {
  if (ctx.json<string>(PALLET, 'ConstraintAccount', sigReqAccount) !== origin)
    ctx.fail(PALLET, 'NotAuthorized');
  checkConstraints(ctx, c);
  storeConstraints(ctx, sigReqAccount, c);
  ctx.deposit(PALLET, 'ConstraintsUpdated', [sigReqAccount, c]);
}
