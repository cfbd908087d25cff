import type { Handler } from '../../messaging';
import { parseSubstratePayload, parseSubstrateRaw } from '../../requests/substrate';
import type { SignResult } from '../../requests/types';
import { getServices } from '../services';
import { injectedAccounts, permittedAccount, permittedAccounts } from './page-accounts';

export const pageSubstrateAccounts: Handler<'pub(substrate.accounts)'> = async (_params, context) => {
  const services = getServices();
  const { accounts } = await permittedAccounts(services, context.origin);
  return injectedAccounts(accounts, await services.genesisHash());
};

/** `signer.signPayload`: queued for approval, then signed locally with the account's sr25519 key. */
export const pageSubstrateSignPayload: Handler<'pub(substrate.signPayload)'> = async (params, context) => {
  const services = getServices();
  // An origin that is not authorised gets 4100 before the wallet parses anything it sent.
  await permittedAccounts(services, context.origin);
  const payload = parseSubstratePayload(params);
  await permittedAccount(services, context.origin, payload.address);
  const { signature } = (await services.queue.enqueue({
    origin: context.origin,
    account: payload.address,
    payload: { kind: 'substrate-payload', payload },
    onCallerGone: context.onClose,
  })) as SignResult;
  return { signature };
};

/** `signer.signRaw`: the `<Bytes>`-wrapped data, signed locally with sr25519 after approval. */
export const pageSubstrateSignRaw: Handler<'pub(substrate.signRaw)'> = async (params, context) => {
  const services = getServices();
  await permittedAccounts(services, context.origin);
  const { address, data } = parseSubstrateRaw(params);
  await permittedAccount(services, context.origin, address);
  const { signature } = (await services.queue.enqueue({
    origin: context.origin,
    account: address,
    payload: { kind: 'substrate-raw', data },
    onCallerGone: context.onClose,
  })) as SignResult;
  return { signature };
};
