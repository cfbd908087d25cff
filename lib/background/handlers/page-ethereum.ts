import type { SignResult } from '../../requests/types';
import { handleEthereumRequest, type EthereumEnv } from '../../ethereum/methods';
import { parseObject } from '../../ethereum/params';
import { InvalidParams } from '../../ethereum/errors';
import type { Handler } from '../../messaging';
import { authorise } from '../../permissions/authorize';
import { getServices, type BackgroundServices } from '../services';
import { evmAccounts, permittedAccounts } from './page-accounts';

/** The EIP-1193 methods' view of the background, for one origin. */
export function ethereumEnv(
  services: BackgroundServices,
  origin: string,
  onCallerGone?: (listener: () => void) => void,
): EthereumEnv {
  return {
    origin,
    networks: () => services.evmNetworks(),
    defaultChainId: () => services.defaultChainId(),
    async permission() {
      const permission = await services.permissions.get(origin);
      return permission?.allowed
        ? { chainId: permission.chainId, decidedAt: permission.decidedAt }
        : undefined;
    },
    async authorise() {
      await authorise(services.permissions, services.queue, origin, onCallerGone, 'ethereum');
    },
    accounts: async () => evmAccounts((await permittedAccounts(services, origin)).accounts),
    ethSignEnabled: () => services.ethSignEnabled(),
    async requestChain(payload) {
      await services.queue.enqueue({ origin, payload, onCallerGone });
    },
    async revoke() {
      await services.permissions.revoke(origin);
    },
    rpc: services.evm,
    checkConstraints: (account, subject) => services.checkConstraints(account.address, subject),
    sign: (account, payload, sigHash, extras) =>
      services.queue.enqueue({
        origin,
        account: account.address,
        ethAddress: account.ethAddress,
        payload,
        sigHash,
        ...(extras ? { extras } : {}),
        onCallerGone,
      }) as Promise<SignResult>,
  };
}

export const pageEthereumRequest: Handler<'pub(eth.request)'> = (params, context) => {
  const request = parseObject(params, 'request');
  if (typeof request.method !== 'string' || request.method.length === 0 || request.method.length > 64) {
    throw new InvalidParams('An EIP-1193 request needs a method name', { details: { param: 'method' } });
  }
  return handleEthereumRequest(
    { method: request.method, params: request.params },
    ethereumEnv(getServices(), context.origin, context.onClose),
  );
};
