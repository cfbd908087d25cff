import { InvalidRequest, Unauthorized, type Handler } from '../../messaging';
import { getServices } from '../services';

export const permissionsList: Handler<'pri(permissions.list)'> = () => getServices().permissions.list();

/** Forgets an origin's grant or refusal; the site is asked again on its next request. */
export const permissionsRevoke: Handler<'pri(permissions.revoke)'> = async (params) => {
  const origin =
    typeof params === 'object' && params !== null ? (params as { origin?: unknown }).origin : undefined;
  if (typeof origin !== 'string' || origin.length === 0 || origin.length > 2048) {
    throw new InvalidRequest('An origin is needed', { details: { param: 'origin' } });
  }
  const { permissions, queue } = getServices();
  await permissions.revoke(origin);
  await queue.cancelOrigin(
    origin,
    new Unauthorized('The user revoked this site’s access', { details: { origin } }),
  );
  return permissions.list();
};
