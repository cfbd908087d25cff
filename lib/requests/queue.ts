import { storage } from 'wxt/utils/storage';
import { deserializeError, serializeError, type WalletError } from '../errors';
import { Disconnected } from '../messaging/errors';
import { RateLimited, RequestNotFound, RequestPending, UserRejected, WorkerRestarted } from './errors';
import { describeRequest } from './display';
import type { PhishingVerdict } from './phishing';
import { DEFAULT_GLOBAL_RATE_LIMIT, DEFAULT_MAX_PENDING, DEFAULT_RATE_LIMIT } from './limits';
import { createRateLimiter } from './rate-limit';
import {
  requestKindOf,
  type PendingRequest,
  type QueueEvent,
  type RequestOutcome,
  type EvmDisplayExtras,
  type RequestPayload,
  type SigningProgress,
} from './types';

/** What the user decided in the popup beyond "yes"; for authorisations, the accounts the site may see. */
export interface Approval {
  accounts?: string[];
}

/** Carries out approved requests; the queue itself only orders, persists and answers them. */
export interface RequestExecutor {
  approve(
    request: PendingRequest,
    approval: Approval,
    onProgress: (p: SigningProgress) => void,
  ): Promise<unknown>;
  /** Called once when the user rejects (e.g. to remember a refused site). */
  rejected?(request: PendingRequest): Promise<void>;
  /** The answer to a rejected request when it is not the user's refusal (a refusal known in advance). */
  rejection?(request: PendingRequest): WalletError | undefined;
}

/** The part of a WXT storage item the queue uses; lets tests swap in their own. */
export interface RequestStore {
  getValue(): Promise<PendingRequest[]>;
  setValue(value: PendingRequest[]): Promise<void>;
}

export interface QueueOptions {
  executor: RequestExecutor;
  /** Brings the approval UI up; failures are logged, the request stays queued. */
  openPopup(): Promise<void>;
  store?: RequestStore;
  now?: () => number;
  newId?: () => string;
  /** New requests per origin per window. */
  rateLimit?: { max: number; windowMs: number };
  /** New requests across all origins per window: a new origin does not bring a fresh budget. */
  globalRateLimit?: { max: number; windowMs: number };
  /** Requests waiting across all origins. */
  maxPending?: number;
  /** Checks every asking origin against a phishing list; a flagged request carries the verdict. */
  screenOrigin?: (origin: string) => PhishingVerdict | undefined;
}

export interface EnqueueInput {
  origin: string;
  payload: RequestPayload;
  account?: string;
  /** Ethereum address of the signing account, shown with transactions. */
  ethAddress?: string;
  /** What the Ethereum handler read from the chain for the approval (network, decoded call, refusal). */
  extras?: EvmDisplayExtras;
  sigHash?: PendingRequest['sigHash'];
  /** What the popup shows, when the caller knows more than the payload says (a call decoded with metadata). */
  display?: PendingRequest['display'];
  /** Progress of this request's signing, for the page that asked. */
  onProgress?: (progress: SigningProgress) => void;
  /** Registers a callback for when the caller is gone (its port closed): see `RequestContext.onClose`. */
  onCallerGone?: (listener: () => void) => void;
}

export interface RequestQueue {
  /** Queues a request and waits for its answer: the approved result, or the rejection/failure thrown. */
  enqueue(input: EnqueueInput): Promise<unknown>;
  list(): Promise<PendingRequest[]>;
  approve(id: string, approval?: Approval): Promise<RequestOutcome>;
  reject(id: string): Promise<RequestOutcome>;
  /** Fails every request of `origin` still waiting (its permission was revoked). */
  cancelOrigin(origin: string, reason: WalletError): Promise<void>;
  /** Live queue changes, answers and signing progress (for the popup). */
  subscribe(listener: (event: QueueEvent) => void): () => void;
}

const ALL_ORIGINS = '*';
const CALLER_GONE = new Disconnected('The page that asked went away before the request was answered');
const INTERRUPTED = new WorkerRestarted(
  'The wallet restarted while this request was being signed, so it was not signed. Please try again.',
);

export function sessionRequestStore(): RequestStore {
  return storage.defineItem<PendingRequest[]>('session:requests', { fallback: [] });
}

export function createRequestQueue(options: QueueOptions): RequestQueue {
  const store = options.store ?? sessionRequestStore();
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => crypto.randomUUID());
  const limiter = createRateLimiter({ ...(options.rateLimit ?? DEFAULT_RATE_LIMIT), now });
  const globalLimiter = createRateLimiter({ ...(options.globalRateLimit ?? DEFAULT_GLOBAL_RATE_LIMIT), now });
  const maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
  const phishingOf = (origin: string) => {
    const phishing = options.screenOrigin?.(origin);
    return phishing ? { phishing } : {};
  };
  const waiters = new Map<string, ((outcome: RequestOutcome) => void)[]>();
  const progressListeners = new Map<string, Set<(p: SigningProgress) => void>>();
  const listeners = new Set<(event: QueueEvent) => void>();

  // Every read-modify-write of the stored list runs in this chain, so concurrent requests cannot race.
  let chain: Promise<unknown> = Promise.resolve();
  let restored = false;
  // Answered requests whose removal from the stored list may not be written yet (`settle`): gone already
  // for every reader of the list, so the page that heard the answer may ask again at once.
  const answered = new Set<string>();
  function locked<T>(task: (list: PendingRequest[]) => Promise<T> | T): Promise<T> {
    const run = chain.then(async () => task((await load()).filter((r) => !answered.has(r.id))));
    chain = run.catch(() => undefined);
    return run;
  }

  async function load(): Promise<PendingRequest[]> {
    const list = await store.getValue();
    if (restored) return list;
    restored = true;
    // Approvals in flight when the worker stopped cannot resume: their signing sessions died with it.
    // They are answered as failed (their pages already heard the disconnection), so history keeps them.
    const remaining = list.filter((r) => r.status !== 'approving');
    if (remaining.length !== list.length) {
      await store.setValue(remaining);
      for (const request of list.filter((r) => r.status === 'approving')) {
        notify({
          type: 'answered',
          request,
          outcome: { id: request.id, status: 'failed', error: INTERRUPTED.toJSON() },
        });
      }
    }
    return remaining;
  }

  function notify(event: QueueEvent): void {
    for (const listener of listeners) listener(event);
  }

  async function notifyList(): Promise<void> {
    if (listeners.size > 0) notify({ type: 'requests', requests: await locked((list) => list) });
  }

  /**
   * Waits for the answer. `leave` ends this caller's wait with `outcome` (so nothing hangs on for a caller
   * that is gone) and says how many callers still wait.
   */
  function wait(id: string): { outcome: Promise<RequestOutcome>; leave(outcome: RequestOutcome): number } {
    let resolver: (outcome: RequestOutcome) => void = () => {};
    const outcome = new Promise<RequestOutcome>((resolve) => (resolver = resolve));
    waiters.set(id, [...(waiters.get(id) ?? []), resolver]);
    return {
      outcome,
      leave(final) {
        const left = (waiters.get(id) ?? []).filter((r) => r !== resolver);
        if (left.length > 0) waiters.set(id, left);
        else waiters.delete(id);
        resolver(final);
        return left.length;
      },
    };
  }

  function sameRequest(a: PendingRequest, input: EnqueueInput): boolean {
    return a.account === input.account && JSON.stringify(a.payload) === JSON.stringify(input.payload);
  }

  /**
   * Answers a request `claim` took: its callers first, then the stored list without it. The answer went
   * out after that write before, which a busy browser took 10–80 ms for (bench:e2e, issue 18). Should the
   * worker stop in between, the list still holds the request as approving, and the next start records
   * it as interrupted (`load`); the page has its answer either way.
   */
  async function settle(request: PendingRequest, outcome: RequestOutcome): Promise<RequestOutcome> {
    answered.add(outcome.id);
    const resolvers = waiters.get(outcome.id) ?? [];
    waiters.delete(outcome.id);
    progressListeners.delete(outcome.id);
    for (const resolve of resolvers) resolve(outcome);
    await locked((list) => store.setValue(list));
    answered.delete(outcome.id);
    notify({ type: 'answered', outcome, request });
    await notifyList();
    return outcome;
  }

  async function claim(id: string): Promise<PendingRequest> {
    return locked(async (list) => {
      const request = list.find((r) => r.id === id);
      if (!request)
        throw new RequestNotFound('That request was already answered or never existed', { details: { id } });
      if (request.status !== 'pending') {
        throw new RequestNotFound('That request is already being answered', { details: { id } });
      }
      const claimed = { ...request, status: 'approving' as const };
      await store.setValue(list.map((r) => (r.id === id ? claimed : r)));
      return claimed;
    });
  }

  return {
    async enqueue(input) {
      const kind = requestKindOf(input.payload);
      const { request, waiting, created } = await locked(async (list) => {
        const existing = list.find((r) => r.origin === input.origin && r.kind === kind);
        if (existing) {
          // The same request again (a page retrying after a worker restart) waits for the same answer.
          if (sameRequest(existing, input))
            return { request: existing, waiting: wait(existing.id), created: false };
          throw new RequestPending(`This site already has a ${kind} request waiting for the user`, {
            details: { origin: input.origin, kind },
          });
        }
        const retryAfterMs = limiter.take(input.origin);
        if (retryAfterMs > 0) {
          throw new RateLimited('Too many requests from this site; try again later', {
            details: { origin: input.origin, retryAfterMs },
          });
        }
        const globalRetryAfterMs = globalLimiter.take(ALL_ORIGINS);
        if (globalRetryAfterMs > 0) {
          throw new RateLimited('Too many requests from sites; try again later', {
            details: { retryAfterMs: globalRetryAfterMs },
          });
        }
        if (list.length >= maxPending) {
          throw new RateLimited('Too many requests are waiting for the user', {
            details: { retryAfterMs: 0 },
          });
        }
        const created: PendingRequest = {
          id: newId(),
          origin: input.origin,
          kind,
          ...(input.account === undefined ? {} : { account: input.account }),
          payload: input.payload,
          display:
            input.display ?? describeRequest(input.payload, input.origin, input.ethAddress, input.extras),
          ...(input.sigHash === undefined ? {} : { sigHash: input.sigHash }),
          ...phishingOf(input.origin),
          createdAt: now(),
          status: 'pending',
        };
        await store.setValue([...list, created]);
        return { request: created, waiting: wait(created.id), created: true };
      });
      if (input.onProgress) {
        const set = progressListeners.get(request.id) ?? new Set();
        set.add(input.onProgress);
        progressListeners.set(request.id, set);
      }
      if (created) {
        await notifyList();
        options.openPopup().catch((error: unknown) => {
          console.warn('Could not open the approval window', error instanceof Error ? error.message : error);
        });
      }
      input.onCallerGone?.(() => {
        // Nobody would receive the answer: a pending request is withdrawn; a running one finishes.
        const gone: RequestOutcome = { id: request.id, status: 'failed', error: CALLER_GONE.toJSON() };
        if (waiting.leave(gone) > 0) return;
        claim(request.id).then(
          (claimed) => settle(claimed, gone),
          () => undefined,
        );
      });
      const answer = await waiting.outcome;
      if (answer.status === 'approved') return answer.result;
      throw deserializeError(answer.error);
    },

    list: () => locked((list) => list),

    async approve(id, approval = {}) {
      const request = await claim(id);
      await notifyList();
      const onProgress = (progress: SigningProgress) => {
        for (const listener of progressListeners.get(id) ?? []) listener(progress);
        notify({ type: 'progress', progress });
      };
      let outcome: RequestOutcome;
      try {
        const result = await options.executor.approve(request, approval, onProgress);
        outcome = { id, status: 'approved', result: result ?? null };
      } catch (error) {
        outcome = { id, status: 'failed', error: serializeError(error) };
      }
      return settle(request, outcome);
    },

    async reject(id) {
      const request = await claim(id);
      await options.executor.rejected?.(request).catch((error: unknown) => {
        console.warn('Recording the rejection failed', error instanceof Error ? error.message : error);
      });
      const error = options.executor.rejection?.(request);
      if (error) return settle(request, { id, status: 'failed', error: error.toJSON() });
      return settle(request, { id, status: 'rejected', error: new UserRejected().toJSON() });
    },

    async cancelOrigin(origin, reason) {
      const ids = await locked((list) => list.filter((r) => r.origin === origin).map((r) => r.id));
      for (const id of ids) {
        const claimed = await claim(id).catch(() => undefined);
        if (claimed) await settle(claimed, { id, status: 'failed', error: reason.toJSON() });
      }
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
