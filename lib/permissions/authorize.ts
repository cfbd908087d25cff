import { Unauthorized } from '../messaging/errors';
import type { RequestQueue } from '../requests/queue';
import type { OriginPermission, PermissionStore } from './store';

/** The origin's grant, or a 4100 `Unauthorized` — for requests that must not queue anything. */
export async function requireAuthorised(
  permissions: PermissionStore,
  origin: string,
): Promise<OriginPermission> {
  const permission = await permissions.get(origin);
  if (!permission?.allowed) {
    throw new Unauthorized(
      permission
        ? 'The user refused this site access to the wallet; it can be allowed again in the wallet settings'
        : 'This site is not connected to the wallet; ask to connect first',
      { details: { origin } },
    );
  }
  return permission;
}

/**
 * The origin's grant; for an origin never seen before, queues an authorisation request and waits for the
 * user. A refused origin is not asked again (it gets 4100 at once) until the user revokes the refusal.
 */
export async function authorise(
  permissions: PermissionStore,
  queue: RequestQueue,
  origin: string,
  onCallerGone?: (listener: () => void) => void,
  /** Which page provider asked, so the popup shows the addresses the site will receive. */
  provider?: 'ethereum',
): Promise<OriginPermission> {
  const existing = await permissions.get(origin);
  if (existing) return requireAuthorised(permissions, origin);
  await queue.enqueue({
    origin,
    payload: { kind: 'authorize', ...(provider ? { provider } : {}) },
    onCallerGone,
  });
  return requireAuthorised(permissions, origin);
}

/** Whether `address` is among the accounts the origin was given. */
export function permits(permission: OriginPermission, address: string): boolean {
  return permission.allowed && (!permission.accounts || permission.accounts.includes(address));
}
