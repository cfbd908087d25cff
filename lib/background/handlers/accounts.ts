import { InvalidRequest } from '../../messaging/errors';
import type { Handler } from '../../messaging';
import { walletAccounts } from '../../wallet/accounts/instance';
import { walletVault } from '../../wallet/vault/instance';
import { paramsObject, stringParam } from './wallet-params';

const MAX_BACKUP_CHARS = 16 * 1024 * 1024;

export const accountsList: Handler<'pri(accounts.list)'> = () => walletAccounts.list();

export const accountsGenerateMnemonic: Handler<'pri(accounts.generateMnemonic)'> = () => ({
  mnemonic: walletAccounts.generateMnemonic(),
});

export const accountsCreate: Handler<'pri(accounts.create)'> = async (params) => {
  const account = await walletAccounts.create({
    name: stringParam(params, 'name'),
    mnemonic: stringParam(params, 'mnemonic'),
  });
  await walletVault.touch();
  return account;
};

export const accountsRename: Handler<'pri(accounts.rename)'> = (params) =>
  walletAccounts.rename(stringParam(params, 'address'), stringParam(params, 'name'));

/** Asks the wallet password again (with its back-off): an unattended unlocked popup must not delete keys. */
export const accountsRemove: Handler<'pri(accounts.remove)'> = async (params) => {
  const address = stringParam(params, 'address');
  await walletVault.verifyPassword(stringParam(params, 'password'));
  await walletAccounts.remove(address);
  await walletVault.touch();
  return null;
};

export const accountsExportMnemonic: Handler<'pri(accounts.exportMnemonic)'> = async (params) => {
  const mnemonic = await walletAccounts.exportMnemonic(
    stringParam(params, 'address'),
    stringParam(params, 'password'),
  );
  await walletVault.touch();
  return { mnemonic };
};

/** The wallet password is asked again: an unattended unlocked popup must not export every secret. */
export const backupExport: Handler<'pri(backup.export)'> = async (params) => {
  const addresses = paramsObject(params).addresses;
  if (
    addresses !== undefined &&
    (!Array.isArray(addresses) || !addresses.every((a) => typeof a === 'string'))
  ) {
    throw new InvalidRequest('"addresses" must be a list of addresses', { details: { field: 'addresses' } });
  }
  await walletVault.verifyPassword(stringParam(params, 'password'));
  const file = await walletAccounts.exportBackup(stringParam(params, 'backupPassword'), addresses);
  await walletVault.touch();
  return { file, fileName: `entropy-wallet-backup-${new Date().toISOString().slice(0, 10)}.json` };
};

export const backupImport: Handler<'pri(backup.import)'> = async (params) => {
  const imported = await walletAccounts.importBackup(
    stringParam(params, 'file', MAX_BACKUP_CHARS),
    stringParam(params, 'password'),
  );
  await walletVault.touch();
  return imported;
};
