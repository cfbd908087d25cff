import { InvalidRequest, type Handler } from '../../messaging';
import { parseSubstrateAddress } from '../../requests/substrate';
import { getServices } from '../services';

const MAX_ACCOUNTS = 256;

function requestId(params: unknown): string {
  const id = typeof params === 'object' && params !== null ? (params as { id?: unknown }).id : undefined;
  if (typeof id !== 'string' || id.length === 0 || id.length > 64) {
    throw new InvalidRequest('A request id is needed', { details: { param: 'id' } });
  }
  return id;
}

export const requestsList: Handler<'pri(requests.list)'> = () => getServices().queue.list();

/** Pushes QueueEvents (the list now, then every change, answer and signing progress) while the popup is open. */
export const requestsSubscribe: Handler<'pri(requests.subscribe)'> = (_params, context) => {
  const { queue } = getServices();
  return new Promise<null>((resolve) => {
    const unsubscribe = queue.subscribe((event) => context.emit(event));
    context.onClose?.(() => {
      unsubscribe();
      resolve(null);
    });
    void queue.list().then((requests) => context.emit({ type: 'requests', requests }));
  });
};

export const requestsApprove: Handler<'pri(requests.approve)'> = (params) => {
  const id = requestId(params);
  const accounts = (params as { accounts?: unknown }).accounts;
  if (accounts !== undefined && (!Array.isArray(accounts) || accounts.length > MAX_ACCOUNTS)) {
    throw new InvalidRequest('"accounts" must be a list of addresses', { details: { param: 'accounts' } });
  }
  return getServices().queue.approve(
    id,
    accounts ? { accounts: accounts.map((a) => parseSubstrateAddress(a)) } : {},
  );
};

export const requestsReject: Handler<'pri(requests.reject)'> = (params) =>
  getServices().queue.reject(requestId(params));
