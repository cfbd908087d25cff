import { storage } from 'wxt/utils/storage';
import { keepView } from './kept';
import type { SigningSessionView } from './view';

/**
 * A running session's views are written at most this often: every validator's status in every round
 * changes the view, and each write went on during the protocol, 5–15 of them a signing. A finished
 * session's view is written in the next task: the signature's way to the page, all microtasks, goes
 * first (the write's serialisation came first, 2–8 ms of bench:e2e's session end → page).
 */
export const WRITE_EVERY_MS = 250;

/**
 * Each view under its own key, and the list's order (request ids, newest first) under one more: a write
 * holds the views that changed, ~2 KB each, not the whole kept list. Written whole, the list of 20 views
 * (~40 KB) cost the worker 7–15 ms of serialisation a write, during the protocol of every signing once
 * the list was full (bench:e2e, docs/benchmarks.md).
 */
const ORDER_KEY = 'session:signing.views';
const VIEW_PREFIX = 'signing.view.';
const viewKey = (requestId: string) => `session:${VIEW_PREFIX}${requestId}` as const;

/** Whether a key of `storage.session` (without its area) holds a signing view or their order. */
export function isSessionViewKey(key: string): boolean {
  return key === ORDER_KEY.slice('session:'.length) || key.startsWith(VIEW_PREFIX);
}

export interface SessionViews {
  list(): Promise<SigningSessionView[]>;
  /** Tells listeners at once; resolves once a write holding this view has landed. */
  put(view: SigningSessionView): Promise<void>;
  subscribe(listener: (view: SigningSessionView) => void): () => void;
}

const RESTARTED = {
  code: 'WORKER_RESTARTED',
  message:
    'The wallet restarted while this request was being signed, so it was not signed. Please try again.',
};

const finished = (view: SigningSessionView) => view.status === 'done' || view.status === 'failed';

const isView = (value: unknown): value is SigningSessionView =>
  typeof value === 'object' && value !== null && typeof (value as SigningSessionView).requestId === 'string';

/**
 * The live signing sessions the popup shows, kept in `storage.session` so a reopened popup — or a restarted
 * worker — still sees them. The worker is their only writer, so it keeps the list in memory and writes
 * what changed, rather than reading it back before each write. A session that was running when the
 * worker stopped cannot resume (its protocol state lived in memory): on start it is closed as failed
 * with that reason, never left spinning.
 */
export function createSessionViews(
  now: () => number = Date.now,
  writeEveryMs: number = WRITE_EVERY_MS,
): SessionViews {
  const listeners = new Set<(view: SigningSessionView) => void>();
  let kept: SigningSessionView[] = [];
  /** The order as stored, and the views changed since the last write. */
  let stored: string[] = [];
  const changed = new Set<string>();
  let ready: Promise<void> | undefined;
  let writes = Promise.resolve();
  /** The next write, while it waits for its time (or a finished session). */
  let pending: { landed: Promise<void>; soon(): void } | undefined;

  function recover(): Promise<void> {
    ready ??= (async () => {
      const order = await storage.getItem<unknown>(ORDER_KEY);
      const ids = Array.isArray(order) ? order.filter((id): id is string => typeof id === 'string') : [];
      const items = ids.length > 0 ? await storage.getItems(ids.map(viewKey)) : [];
      kept = items.map((item) => item.value).filter(isView);
      stored = kept.map((v) => v.requestId);
      const interrupted = kept.filter((v) => !finished(v));
      if (interrupted.length === 0) return;
      kept = kept.map((v) =>
        finished(v) ? v : { ...v, status: 'failed', error: RESTARTED, endedAt: now() },
      );
      for (const v of interrupted) changed.add(v.requestId);
      await write();
    })();
    return ready;
  }

  /**
   * Writes the views changed since the last write and the order if it changed, in one `set`, then lets
   * go of views no longer kept; writes land in order, a failed one stops none.
   */
  function write(): Promise<void> {
    const next = writes.then(async () => {
      const order = kept.map((v) => v.requestId);
      const before = stored;
      const ids = [...changed].filter((id) => order.includes(id));
      const items: { key: `session:${string}`; value: unknown }[] = kept
        .filter((v) => changed.has(v.requestId))
        .map((v) => ({ key: viewKey(v.requestId), value: v }));
      changed.clear();
      if (order.length !== before.length || order.some((id, i) => id !== before[i])) {
        items.push({ key: ORDER_KEY, value: order });
      }
      stored = order;
      try {
        if (items.length > 0) await storage.setItems(items);
      } catch (error) {
        // Not written: the next write carries these views and the order again.
        stored = before;
        for (const id of ids) changed.add(id);
        throw error;
      }
      const dropped = before.filter((id) => !order.includes(id));
      if (dropped.length > 0) await storage.removeItems(dropped.map(viewKey));
    });
    writes = next.catch(() => undefined);
    return next;
  }

  function scheduleWrite(): NonNullable<typeof pending> {
    if (pending) return pending;
    let start!: () => void;
    const due = new Promise<void>((resolve) => (start = resolve));
    const timer = setTimeout(start, writeEveryMs);
    const landed = due.then(() => {
      pending = undefined;
      return write();
    });
    pending = {
      landed,
      soon: () => {
        clearTimeout(timer);
        setTimeout(start, 0);
      },
    };
    return pending;
  }

  return {
    async list() {
      await recover();
      return [...kept];
    },
    async put(view) {
      for (const listener of listeners) listener(view);
      await recover();
      kept = keepView(kept, view);
      changed.add(view.requestId);
      const next = scheduleWrite();
      if (finished(view)) next.soon();
      return next.landed;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
