import { submitAndWaitInBlock } from '../../chain';
import { InvalidRequest, type Handler } from '../../messaging';
import { parseSubstrateAddress } from '../../requests/substrate';
import { walletAccounts } from '../../wallet/accounts/instance';
import { walletVault } from '../../wallet/vault/instance';
import { chain } from '../worker';

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
