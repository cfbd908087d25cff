import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MAX_KEPT_VIEWS } from './kept';
import { createSessionViews, isSessionViewKey } from './sessions';
import type { SigningSessionView } from './view';

function view(requestId: string, status: SigningSessionView['status']): SigningSessionView {
  return {
    requestId,
    account: '5Grw',
    sigHash: '0x01',
    attempt: 1,
    maxAttempts: 3,
    status,
    members: [],
    steps: [],
    retries: [],
    startedAt: 1,
  };
}

describe('signing session views', () => {
  beforeEach(() => fakeBrowser.reset());

  it('keeps the newest view per request, newest first, and tells listeners', async () => {
    const views = createSessionViews();
    const seen: string[] = [];
    views.subscribe((v) => seen.push(`${v.requestId}:${v.status}`));
    await views.put(view('a', 'submitting'));
    await views.put(view('b', 'running'));
    await views.put(view('a', 'done'));
    expect((await views.list()).map((v) => `${v.requestId}:${v.status}`)).toEqual(['a:done', 'b:running']);
    expect(seen).toEqual(['a:submitting', 'b:running', 'a:done']);
  });

  it('closes a session that was running when the worker stopped as failed, with the reason', async () => {
    const before = createSessionViews();
    await before.put(view('x', 'running'));
    await before.put(view('y', 'done'));
    const restarted = createSessionViews(() => 42);
    const [y, x] = await restarted.list();
    expect(y?.status).toBe('done');
    expect(x).toMatchObject({ status: 'failed', endedAt: 42, error: { code: 'WORKER_RESTARTED' } });
    expect(x?.error?.message).toMatch(/restarted .* not signed/);
  });

  it('writes a burst of updates of one request once, as its newest view; listeners hear every one', async () => {
    const views = createSessionViews();
    await views.list();
    const heard: number[] = [];
    views.subscribe((v) => heard.push(v.attempt));
    const writes = vi.spyOn(fakeBrowser.storage.session, 'set');
    const burst = Array.from({ length: 20 }, (_, i) =>
      views.put({ ...view('a', 'running'), attempt: i + 1 }),
    );
    await Promise.all(burst);
    expect(heard).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(writes.mock.calls.length).toBeLessThanOrEqual(2);
    expect((await views.list()).map((v) => v.attempt)).toEqual([20]);
    await views.put(view('b', 'done'));
    expect((await views.list()).map((v) => `${v.requestId}:${v.attempt}`)).toEqual(['b:1', 'a:20']);
  });

  it('writes a running session’s updates together, at most once an interval, and a finished one in the next task', async () => {
    const views = createSessionViews(Date.now, 60_000);
    await views.list();
    const writes = vi.spyOn(fakeBrowser.storage.session, 'set');
    writes.mockClear();
    const running = views.put(view('a', 'running'));
    await new Promise((r) => setTimeout(r, 50));
    // Still within the interval: nothing written, but the list is already the newest.
    expect(writes).not.toHaveBeenCalled();
    expect((await views.list()).map((v) => v.status)).toEqual(['running']);
    const finishing = views.put(view('a', 'done'));
    // The caller's own continuation (the signature on its way to the page) runs before the write.
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(writes).not.toHaveBeenCalled();
    await finishing;
    await running;
    expect(writes).toHaveBeenCalledTimes(1);
    const restarted = createSessionViews();
    expect((await restarted.list()).map((v) => v.status)).toEqual(['done']);
  });

  it('writes only what changed: a full list’s update writes that view alone, the order only when it moved', async () => {
    const views = createSessionViews(Date.now, 0);
    for (let i = 0; i < MAX_KEPT_VIEWS; i++) await views.put(view(`r${i}`, 'done'));
    const writes = vi.spyOn(fakeBrowser.storage.session, 'set');
    writes.mockClear();
    // The newest request again: it stays first, so the order is not written.
    await views.put({ ...view(`r${MAX_KEPT_VIEWS - 1}`, 'done'), attempt: 2 });
    expect(writes).toHaveBeenCalledTimes(1);
    expect(Object.keys(writes.mock.calls[0]![0])).toEqual([`signing.view.r${MAX_KEPT_VIEWS - 1}`]);
    writes.mockClear();
    // An older one moves to the front: its view and the new order.
    await views.put({ ...view('r3', 'done'), attempt: 2 });
    expect(Object.keys(writes.mock.calls[0]![0]).sort()).toEqual(['signing.view.r3', 'signing.views']);
    const restarted = createSessionViews();
    const listed = await restarted.list();
    expect(listed.map((v) => v.requestId).slice(0, 2)).toEqual(['r3', `r${MAX_KEPT_VIEWS - 1}`]);
    expect(listed.find((v) => v.requestId === 'r3')?.attempt).toBe(2);
  });

  it('lets go of the views it no longer keeps, in memory and in storage', async () => {
    const views = createSessionViews(Date.now, 0);
    for (let i = 0; i <= MAX_KEPT_VIEWS + 2; i++) await views.put(view(`r${i}`, 'done'));
    const keys = Object.keys(await fakeBrowser.storage.session.get(null)).filter(isSessionViewKey);
    // The kept views and their order, nothing of the three oldest.
    expect(keys).toHaveLength(MAX_KEPT_VIEWS + 1);
    expect(keys).not.toContain('signing.view.r0');
    expect(keys).not.toContain('signing.view.r2');
    expect((await createSessionViews().list()).map((v) => v.requestId)).toEqual(
      Array.from({ length: MAX_KEPT_VIEWS }, (_, i) => `r${MAX_KEPT_VIEWS + 2 - i}`),
    );
  });

  it('writes what a failed write held with the next one', async () => {
    const views = createSessionViews(Date.now, 0);
    await views.put(view('a', 'done'));
    const writes = vi.spyOn(fakeBrowser.storage.session, 'set');
    writes.mockRejectedValueOnce(new Error('quota'));
    await expect(views.put(view('b', 'done'))).rejects.toThrow('quota');
    await views.put({ ...view('a', 'done'), attempt: 2 });
    const listed = await createSessionViews().list();
    expect(listed.map((v) => `${v.requestId}:${v.attempt}`)).toEqual(['a:2', 'b:1']);
  });
});
