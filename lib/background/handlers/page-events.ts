import type { Handler } from '../../messaging';
import { RateLimited } from '../../requests/errors';
import { getServices } from '../services';
import { pageState } from './page-accounts';

/** Subscriptions a single tab may hold open; the inpage script needs one. */
const MAX_PER_TAB = 4;
const openPerTab = new Map<number, number>();

/**
 * Pushes the origin's PageState now and whenever its permission, chain or the user's accounts change, until
 * the page goes away. The answer itself only comes when the subscription ends.
 */
export const pageEvents: Handler<'pub(page.events)'> = (_params, context) => {
  const tab = context.tabId ?? -1;
  const open = openPerTab.get(tab) ?? 0;
  if (open >= MAX_PER_TAB) throw new RateLimited('Too many event subscriptions from this page');
  openPerTab.set(tab, open + 1);
  const services = getServices();
  const push = () =>
    pageState(services, context.origin).then(
      (state) => context.emit(state),
      (error: unknown) =>
        console.warn('Page state unavailable', error instanceof Error ? error.message : error),
    );
  return new Promise<null>((resolve) => {
    const unwatchPermissions = services.permissions.watch((origin) => {
      if (origin === context.origin) void push();
    });
    const unwatchAccounts = services.watchAccounts(() => void push());
    context.onClose?.(() => {
      unwatchPermissions();
      unwatchAccounts();
      const left = (openPerTab.get(tab) ?? 1) - 1;
      if (left > 0) openPerTab.set(tab, left);
      else openPerTab.delete(tab);
      resolve(null);
    });
    void push();
  });
};
