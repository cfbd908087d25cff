import { browser } from 'wxt/browser';
import type { RequestQueue } from '../requests/queue';

/** The toolbar badge: how many requests wait for the user (nothing when none). */
export function showPendingCount(queue: Pick<RequestQueue, 'list' | 'subscribe'>): () => void {
  const show = (count: number) =>
    browser.action
      .setBadgeText({ text: count > 0 ? String(count) : '' })
      .catch((error: unknown) => console.warn('Could not update the badge', error));
  void browser.action.setBadgeBackgroundColor({ color: '#b42318' }).catch(() => undefined);
  void queue
    .list()
    .then((list) => show(list.length))
    .catch(() => undefined);
  return queue.subscribe((event) => {
    if (event.type === 'requests') void show(event.requests.length);
  });
}
