import { storage } from 'wxt/utils/storage';
import type { SigningSessionView } from './view';

const MAX_KEPT = 20;
const item = storage.defineItem<SigningSessionView[]>('session:signing.views', { fallback: [] });

export interface SessionViews {
  list(): Promise<SigningSessionView[]>;
  put(view: SigningSessionView): Promise<void>;
  subscribe(listener: (view: SigningSessionView) => void): () => void;
}

const RESTARTED = {
  code: 'WORKER_RESTARTED',
  message:
    'The wallet restarted while this request was being signed, so it was not signed. Please try again.',
};

/**
 * The live signing sessions the popup shows, kept in `storage.session` so a reopened popup — or a restarted
 * worker — still sees them. A session that was running when the worker stopped cannot resume (its protocol
 * state lived in memory): on start it is closed as failed with that reason, never left spinning.
 */
export function createSessionViews(now: () => number = Date.now): SessionViews {
  const listeners = new Set<(view: SigningSessionView) => void>();
  let ready: Promise<void> | undefined;
  let writes = Promise.resolve();
  /** Per request: the newest view not written yet, and the queued write that will write it. */
  const unwritten = new Map<string, SigningSessionView>();
  const queuedWrites = new Map<string, Promise<void>>();

  function recover(): Promise<void> {
    ready ??= item.getValue().then(async (views) => {
      if (!views.some((v) => v.status !== 'done' && v.status !== 'failed')) return;
      await item.setValue(
        views.map((v) =>
          v.status === 'done' || v.status === 'failed'
            ? v
            : { ...v, status: 'failed', error: RESTARTED, endedAt: now() },
        ),
      );
    });
    return ready;
  }

  return {
    async list() {
      await recover();
      // Reads see every view already handed to `put`, even while its write is still queued.
      await writes;
      return item.getValue();
    },
    put(view) {
      for (const listener of listeners) listener(view);
      // A burst of progress updates (every validator's status, during the protocol) is written once, as
      // its newest view: each write reads and rewrites the whole list on the worker's thread.
      unwritten.set(view.requestId, view);
      const queued = queuedWrites.get(view.requestId);
      if (queued) return queued;
      // Writes are chained so updates land in order; one failed write does not stop the rest.
      const next = writes.then(async () => {
        queuedWrites.delete(view.requestId);
        const newest = unwritten.get(view.requestId)!;
        unwritten.delete(view.requestId);
        await recover();
        const others = (await item.getValue()).filter((v) => v.requestId !== newest.requestId);
        await item.setValue([newest, ...others].slice(0, MAX_KEPT));
      });
      queuedWrites.set(view.requestId, next);
      writes = next.catch(() => undefined);
      return next;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
