import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createRequestQueue } from '../requests/queue';
import { showPendingCount } from './badge';

describe('the toolbar badge', () => {
  it('counts the requests waiting for the user, and clears when none is left', async () => {
    fakeBrowser.reset();
    const setBadgeText = vi.spyOn(browser.action, 'setBadgeText');
    const queue = createRequestQueue({
      executor: { approve: async () => null },
      openPopup: async () => undefined,
    });
    showPendingCount(queue);
    const asks = ['https://a.example', 'https://b.example'].map((origin) =>
      queue.enqueue({ origin, payload: { kind: 'authorize' } }).catch(() => undefined),
    );
    await vi.waitFor(() => expect(setBadgeText).toHaveBeenLastCalledWith({ text: '2' }));
    for (const request of await queue.list()) await queue.reject(request.id);
    await Promise.all(asks);
    await vi.waitFor(() => expect(setBadgeText).toHaveBeenLastCalledWith({ text: '' }));
  });
});
