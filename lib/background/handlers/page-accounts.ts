import type { InjectedAccount } from '@polkadot/extension-inject/types';
import { getAddress } from 'viem';
import { chainIdHex } from '../../ethereum/chains';
import type { EvmAccount } from '../../ethereum/methods';
import type { PageState } from '../../inpage/protocol';
import { Unauthorized } from '../../messaging/errors';
import { permits, requireAuthorised } from '../../permissions/authorize';
import type { OriginPermission } from '../../permissions/store';
import type { AccountInfo } from '../../wallet/accounts/types';
import type { BackgroundServices } from '../services';

/** The accounts an authorised origin may see; 4100 for an origin that is not authorised. */
export async function permittedAccounts(
  services: BackgroundServices,
  origin: string,
): Promise<{ permission: OriginPermission; accounts: AccountInfo[] }> {
  const permission = await requireAuthorised(services.permissions, origin);
  const accounts = (await services.accounts().list()).filter((a) => permits(permission, a.address));
  return { permission, accounts };
}

/** One account the origin may use; an account it may not use looks exactly like one that does not exist. */
export async function permittedAccount(
  services: BackgroundServices,
  origin: string,
  address: string,
): Promise<AccountInfo> {
  const account = (await permittedAccounts(services, origin)).accounts.find((a) => a.address === address);
  if (!account)
    throw new Unauthorized('This site is not authorised for that account', { details: { address } });
  return account;
}

export function evmAccounts(accounts: AccountInfo[]): EvmAccount[] {
  return accounts.flatMap((a) =>
    a.registration ? [{ address: a.address, ethAddress: getAddress(a.registration.ethAddress) }] : [],
  );
}

export function injectedAccounts(
  accounts: AccountInfo[],
  genesisHash: `0x${string}` | null,
): InjectedAccount[] {
  return accounts.map((a) => ({ address: a.address, name: a.name, type: 'sr25519', genesisHash }));
}

/** What the origin sees right now; an unauthorised origin sees no accounts at all. */
export async function pageState(services: BackgroundServices, origin: string): Promise<PageState> {
  const permission = await services.permissions.get(origin);
  if (!permission?.allowed) {
    return {
      authorised: false,
      substrate: [],
      evm: [],
      chainId: chainIdHex(await services.defaultChainId()),
    };
  }
  const { accounts } = await permittedAccounts(services, origin);
  return {
    authorised: true,
    substrate: injectedAccounts(accounts, await services.genesisHash()),
    evm: evmAccounts(accounts).map((a) => a.ethAddress),
    chainId: chainIdHex(permission.chainId),
  };
}
