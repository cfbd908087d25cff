import { InvalidRequest } from '../../messaging/errors';
import type { Handler } from '../../messaging';
import { walletVault } from '../../wallet/vault/instance';
import { paramsObject, stringParam } from './wallet-params';

export const vaultStatus: Handler<'pri(vault.status)'> = () => walletVault.status();

export const vaultCreate: Handler<'pri(vault.create)'> = async (params) => {
  await walletVault.create(stringParam(params, 'password'));
  return walletVault.status();
};

export const vaultUnlock: Handler<'pri(vault.unlock)'> = async (params) => {
  await walletVault.unlock(stringParam(params, 'password'));
  return walletVault.status();
};

export const vaultLock: Handler<'pri(vault.lock)'> = async () => {
  await walletVault.lock();
  return walletVault.status();
};

/** The popup reports user activity so the idle timer restarts. */
export const vaultTouch: Handler<'pri(vault.touch)'> = async () => {
  await walletVault.touch();
  return walletVault.status();
};

export const vaultSetAutoLock: Handler<'pri(vault.setAutoLock)'> = async (params) => {
  const minutes = paramsObject(params).minutes;
  if (typeof minutes !== 'number') throw new InvalidRequest('"minutes" must be a number');
  await walletVault.setAutoLockMinutes(minutes);
  return walletVault.status();
};

export const vaultChangePassword: Handler<'pri(vault.changePassword)'> = async (params) => {
  await walletVault.changePassword(stringParam(params, 'current'), stringParam(params, 'next'));
  return walletVault.status();
};
