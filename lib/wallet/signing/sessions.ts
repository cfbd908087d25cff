import { storage } from 'wxt/utils/storage';
import type { SigningSessionView } from './view';

const MAX_KEPT = 20;
/**
 * A running session's views are written at most this often: every validator's status in every round
 * changes the view, and each write (the whole list, to `storage.session` in the browser process) went
 * on during the protocol, 5–15 of them a signing. A finished session's view is written in the next task:
 * the signature's way to the page, all microtasks, goes first (the write's serialisation came first, 2–8
 * ms of bench:e2e's session end → page).
 */
export const WRITE_EVERY_MS = 250;
const item = storage.defineItem<SigningSessionView[]>('session:signing.views', { fallback: [] });

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

/**
 * The live signing sessions the popup shows, kept in `storage.session` so a reopened popup — or a restarted
 * worker — still sees them. The worker is their only writer, so it keeps the list in memory and writes
 * it, rather than reading it back before each write. A session that was running when the worker stopped
 * cannot resume (its protocol state lived in memory): on start it is closed as failed with that reason,
 * never left spinning.
 */
export function createSessionViews(
  now: () => number = Date.now,
  writeEveryMs: number = WRITE_EVERY_MS,
): SessionViews {
  const listeners = new Set<(view: SigningSessionView) => void>();
  let kept: SigningSessionView[] = [];
  let ready: Promise<void> | undefined;
  let writes = Promise.resolve();
  /** The next write, while it waits for its time (or a finished session). */
  let pending: { landed: Promise<void>; soon(): void } | undefined;

  function recover(): Promise<void> {
    ready ??= item.getValue().then(async (views) => {
      kept = views;
      if (!views.some((v) => !finished(v))) return;
      kept = views.map((v) =>
        finished(v) ? v : { ...v, status: 'failed', error: RESTARTED, endedAt: now() },
      );
      await item.setValue(kept);
    });
    return ready;
  }

  /** Writes the list as it is when its turn comes; writes land in order, a failed one stops none. */
  function write(): Promise<void> {
    const next = writes.then(() => item.setValue(kept));
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
      kept = [view, ...kept.filter((v) => v.requestId !== view.requestId)].slice(0, MAX_KEPT);
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
