import { encodeFunctionData, erc20Abi, maxUint256, numberToHex } from 'viem';
import { browser } from 'wxt/browser';
import { submitAndWaitInBlock } from '../../chain';
import { handleEthereumRequest, type EthereumEnv } from '../../ethereum/methods';
import { parseAddress } from '../../ethereum/params';
import { InvalidRequest, type Handler } from '../../messaging';
import { parseSubstrateAddress } from '../../requests/substrate';
import { walletAccounts } from '../../wallet/accounts/instance';
import { getSettings } from '../../settings';
import { walletVault } from '../../wallet/vault/instance';
import { getServices } from '../services';
import { chain } from '../worker';
import { ethereumEnv } from './page-ethereum';

const MAX_AMOUNT = 2n ** 128n - 1n;

function amountParam(value: unknown): bigint {
  if (typeof value !== 'string' || !/^[0-9]{1,39}$/.test(value) || BigInt(value) === 0n) {
    throw new InvalidRequest('The amount must be a positive whole number of the smallest unit', {
      details: { param: 'amount' },
    });
  }
  const amount = BigInt(value);
  if (amount > MAX_AMOUNT)
    throw new InvalidRequest('The amount is too large', { details: { param: 'amount' } });
  return amount;
}

/** Send from the popup: `balances.transferKeepAlive`, signed with the account's own key. */
export const balancesTransfer: Handler<'pri(balances.transfer)'> = async (params) => {
  const raw = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>;
  const from = parseSubstrateAddress(raw.from, 'from');
  const to = parseSubstrateAddress(raw.to, 'to');
  const amount = amountParam(raw.amount);
  const pair = await walletAccounts.pair(from);
  const api = await chain.api();
  const { blockNumber, blockHash } = await submitAndWaitInBlock(
    api,
    api.tx.balances.transferKeepAlive(to, amount.toString()),
    pair,
  );
  await walletVault.touch();
  return { blockNumber, blockHash };
};

/** The origin the wallet's own requests (Send) carry in the queue and History: the extension's pages. */
export function walletOrigin(): string {
  return browser.runtime.getURL('/').replace(/\/$/, '');
}

function evmAmountParam(value: unknown): bigint {
  if (typeof value !== 'string' || !/^[0-9]{1,78}$/.test(value) || BigInt(value) === 0n) {
    throw new InvalidRequest('The amount must be a positive whole number of the smallest unit', {
      details: { param: 'amount' },
    });
  }
  const amount = BigInt(value);
  if (amount > maxUint256)
    throw new InvalidRequest('The amount is too large', { details: { param: 'amount' } });
  return amount;
}

/**
 * Send on the selected EVM chain, through the same eth_sendTransaction path as a site's request: filled from
 * the chain, limits and constraints checked, approved by the user, signed by the committee, broadcast and
 * kept in History. Answers once the request waits for approval; a refusal before that is the Send form's.
 */
export const ethSend: Handler<'pri(eth.send)'> = async (params) => {
  const raw = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>;
  const from = parseSubstrateAddress(raw.from, 'from');
  const to = parseAddress(raw.to, 'to');
  const amount = evmAmountParam(raw.amount);
  const account = (await walletAccounts.list()).find((a) => a.address === from);
  if (!account)
    throw new InvalidRequest('That account is not in this wallet', { details: { param: 'from' } });
  if (!account.registration) {
    throw new InvalidRequest(`${account.name} has no Ethereum address yet: register it with Entropy first`, {
      details: { param: 'from' },
    });
  }
  const { ethAddress } = account.registration;
  const services = getServices();
  const { defaultEvmChainId: chainId } = await getSettings();
  const network = await services.evm.network(chainId);
  let transaction: Record<string, unknown>;
  if (raw.token === undefined) {
    transaction = { from: ethAddress, to, value: numberToHex(amount) };
  } else {
    const token = parseAddress(raw.token, 'token');
    if (!network.tokens?.some((t) => t.address.toLowerCase() === token.toLowerCase())) {
      throw new InvalidRequest(`That token is not configured for ${network.name}`, {
        details: { param: 'token' },
      });
    }
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] });
    transaction = { from: ethAddress, to: token, data };
  }
  let onQueued!: () => void;
  const queued = new Promise<void>((resolve) => (onQueued = resolve));
  const base = ethereumEnv(services, walletOrigin());
  const env: EthereumEnv = {
    ...base,
    // The wallet's own request: on the chain the home screen shows, from the account the user picked.
    permission: async () => ({ chainId, decidedAt: 0 }),
    authorise: async () => undefined,
    accounts: async () => [{ address: from, ethAddress }],
    sign(signer, payload, sigHash, extras) {
      const result = base.sign(signer, payload, sigHash, extras);
      onQueued();
      return result;
    },
  };
  const sent = handleEthereumRequest({ method: 'eth_sendTransaction', params: [transaction] }, env);
  // After the request is queued its outcome (approved, rejected, failed) is the approval's and History's.
  sent.catch(() => undefined);
  await Promise.race([queued, sent]);
  return { queued: true };
};
