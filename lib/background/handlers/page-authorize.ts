import type { Handler } from '../../messaging';
import { authorise } from '../../permissions/authorize';
import { getServices } from '../services';
import { pageState } from './page-accounts';

/** `enable()` / `eth_requestAccounts`: queues the authorisation on first contact, then the page's state. */
export const pageAuthorize: Handler<'pub(authorize.request)'> = async (_params, context) => {
  const services = getServices();
  await authorise(services.permissions, services.queue, context.origin, context.onClose);
  return pageState(services, context.origin);
};
