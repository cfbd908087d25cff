import type { Handler } from '../../messaging';
import { parseSubstrateAddress } from '../../requests/substrate';
import { walletVault } from '../../wallet/vault/instance';
import { recovery } from '../worker';
import { stringParam } from './wallet-params';

export const recoveryPreview: Handler<'pri(recovery.preview)'> = (params) =>
  recovery.preview(stringParam(params, 'mnemonic'));

/** Restores the phrase's account and key; progress (per signing group) is pushed while it runs. */
export const recoveryRestore: Handler<'pri(recovery.restore)'> = async (params, context) => {
  const account = await recovery.restorePhrase(
    { name: stringParam(params, 'name'), mnemonic: stringParam(params, 'mnemonic') },
    (progress) => context.emit(progress),
  );
  await walletVault.touch();
  return account;
};

export const recoveryRestoreAccount: Handler<'pri(recovery.restoreAccount)'> = async (params, context) => {
  const address = parseSubstrateAddress((params as { address?: unknown } | undefined)?.address);
  const account = await recovery.restoreAccount(address, (progress) => context.emit(progress));
  await walletVault.touch();
  return account;
};
