import { getAddress, type Hex } from 'viem';
import { InvalidParams } from '../../ethereum/errors';
import { messageSigHash, parseMessage } from '../../ethereum/message';
import { parseBytes32, parseObject, parseSafeInteger } from '../../ethereum/params';
import { parseTransactionRequest, transactionSigHash } from '../../ethereum/transaction';
import type { Handler } from '../../messaging';
import { AccountNotRegistered } from '../../requests/errors';
import { parseSubstrateAddress } from '../../requests/substrate';
import type { SignRequestPayload, SignResult } from '../../requests/types';
import type { AccountInfo } from '../../wallet/accounts/types';
import { getServices, type BackgroundServices } from '../services';
import { permittedAccount, permittedAccounts } from './page-accounts';

type Registered = AccountInfo & { registration: NonNullable<AccountInfo['registration']> };

function registered(account: AccountInfo): Registered {
  if (!account.registration) {
    throw new AccountNotRegistered('This account has no registered Entropy key yet', {
      details: { address: account.address },
    });
  }
  return account as Registered;
}

/** The named account, or the origin's first registered one. */
async function signingAccount(
  services: BackgroundServices,
  origin: string,
  address: unknown,
): Promise<Registered> {
  if (address !== undefined) {
    return registered(await permittedAccount(services, origin, parseSubstrateAddress(address)));
  }
  const first = (await permittedAccounts(services, origin)).accounts.find((a) => a.registration);
  if (!first) throw new AccountNotRegistered('None of this site’s accounts has a registered Entropy key');
  return registered(first);
}

export const pageEntropyVerifyingKey: Handler<'pub(entropy.verifyingKey)'> = async (params, context) => {
  const { address } = parseObject(params, 'params');
  const account = await permittedAccount(getServices(), context.origin, parseSubstrateAddress(address));
  return registered(account).registration.verifyingKey;
};

function payloadFor(
  input: Record<string, unknown>,
  account: Registered,
  currentChainId: number,
): { payload: SignRequestPayload; sigHash: Hex } {
  const given = (['transaction', 'message', 'hash'] as const).filter((k) => input[k] !== undefined);
  if (given.length !== 1) {
    throw new InvalidParams('Give exactly one of "transaction", "message" or "hash"', {
      details: { param: 'transaction' },
    });
  }
  if (input.hash !== undefined) {
    const hash = parseBytes32(input.hash, 'hash');
    return { payload: { kind: 'hash', hash }, sigHash: hash };
  }
  if (input.message !== undefined) {
    const message = parseMessage(input.message);
    return { payload: { kind: 'personal-message', message }, sigHash: messageSigHash(message) };
  }
  const raw = parseObject(input.transaction, 'transaction');
  const chainId = raw.chainId === undefined ? currentChainId : parseSafeInteger(raw.chainId, 'chainId');
  const { from, transaction } = parseTransactionRequest(
    { ...raw, from: raw.from ?? account.registration.ethAddress },
    chainId,
  );
  if (from !== getAddress(account.registration.ethAddress)) {
    throw new InvalidParams('"from" is not the signing account’s address', { details: { param: 'from' } });
  }
  return {
    payload: { kind: 'evm-transaction', transaction, chainId },
    sigHash: transactionSigHash(transaction),
  };
}

/**
 * `entropy.sign({ transaction } | { message } | { hash })`: queued for approval, then signed by the
 * account's threshold key; progress is pushed to the page while the signing runs.
 */
export const pageEntropySign: Handler<'pub(entropy.sign)'> = async (params, context) => {
  const input = parseObject(params, 'params');
  const services = getServices();
  const account = await signingAccount(services, context.origin, input.address);
  const { permission } = await permittedAccounts(services, context.origin);
  const { payload, sigHash } = payloadFor(input, account, permission.chainId);
  const result = (await services.queue.enqueue({
    origin: context.origin,
    account: account.address,
    ethAddress: account.registration.ethAddress,
    payload,
    sigHash,
    onProgress: (progress) => context.emit({ type: 'progress', progress }),
    onCallerGone: context.onClose,
  })) as SignResult;
  return {
    signature: result.signature,
    sigHash,
    verifyingKey: account.registration.verifyingKey,
    ...(result.signedTransaction ? { signedTransaction: result.signedTransaction } : {}),
  };
};
