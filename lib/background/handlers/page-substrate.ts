import type { Handler } from '../../messaging';
import { parseSubstratePayload, parseSubstrateRaw } from '../../requests/substrate';
import { describeRequest } from '../../requests/display';
import { decodeSubstratePayload, undecodedSubstratePayload } from '../../requests/substrate-decode';
import type { DecodedSubstratePayload } from '../../requests/substrate-types';
import type { SignResult, SubstratePayloadJson } from '../../requests/types';
import { getServices, type BackgroundServices } from '../services';
import { injectedAccounts, permittedAccount, permittedAccounts } from './page-accounts';

export const pageSubstrateAccounts: Handler<'pub(substrate.accounts)'> = async (_params, context) => {
  const services = getServices();
  const { accounts } = await permittedAccounts(services, context.origin);
  return injectedAccounts(accounts, await services.genesisHash());
};

/** How long a page's signPayload waits for the chain's metadata before the popup shows it undecoded. */
const DECODE_TIMEOUT_MS = 5_000;

/** The payload decoded with the connected chain's metadata, or undecoded with the reason. */
async function decodeForUser(
  services: BackgroundServices,
  payload: SubstratePayloadJson,
): Promise<DecodedSubstratePayload> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    if (!services.chainApi) throw new Error('this wallet has no chain connection');
    const api = await Promise.race([
      services.chainApi(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the chain did not answer in time')), DECODE_TIMEOUT_MS);
      }),
    ]);
    return decodeSubstratePayload(payload, api);
  } catch (error) {
    return undecodedSubstratePayload(payload, error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}

/** `signer.signPayload`: decoded for the user, queued for approval, then signed with the account's sr25519 key. */
export const pageSubstrateSignPayload: Handler<'pub(substrate.signPayload)'> = async (params, context) => {
  const services = getServices();
  // An origin that is not authorised gets 4100 before the wallet parses anything it sent.
  await permittedAccounts(services, context.origin);
  const payload = parseSubstratePayload(params);
  await permittedAccount(services, context.origin, payload.address);
  const request = { kind: 'substrate-payload' as const, payload };
  const display = describeRequest(request, context.origin);
  const { signature } = (await services.queue.enqueue({
    origin: context.origin,
    account: payload.address,
    payload: request,
    ...(display.kind === 'substrate-payload'
      ? { display: { ...display, decoded: await decodeForUser(services, payload) } }
      : {}),
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
