import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { WalletError } from '../errors';
import { toProviderRpcError } from '../ethereum/errors';
import { RateLimited, RequestNotFound, RequestPending, UserRejected } from './errors';
import { createRequestQueue, type QueueOptions, type RequestExecutor } from './queue';
import type { PendingRequest, QueueEvent, RequestPayload } from './types';

const A = 'https://a.example';
const B = 'https://b.example';
const message = (hex: `0x${string}`): RequestPayload => ({ kind: 'personal-message', message: hex });

function makeQueue(overrides: Partial<QueueOptions> = {}) {
  let clock = 1_000;
  let ids = 0;
  const executor: RequestExecutor = {
    approve: vi.fn(async (request) => ({ signed: request.id })),
    rejected: vi.fn(async () => {}),
  };
  const openPopup = vi.fn(async () => {});
  const queue = createRequestQueue({
    executor,
    openPopup,
    now: () => clock,
    newId: () => `req-${++ids}`,
    ...overrides,
  });
  return { queue, executor, openPopup, advance: (ms: number) => (clock += ms) };
}

/** Lets queued work run until `predicate` holds. */
async function until(predicate: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await predicate()); i++) await new Promise((r) => setTimeout(r, 0));
}

async function pendingCount(queue: ReturnType<typeof makeQueue>['queue']): Promise<number> {
  return (await queue.list()).length;
}

beforeEach(() => fakeBrowser.reset());

describe('one pending request per origin per kind', () => {
  it('refuses a second, different request of the same kind from the same origin (-32002)', async () => {
    const { queue, openPopup } = makeQueue();
    void queue.enqueue({ origin: A, account: 'alice', payload: message('0x01') });
    await until(async () => (await pendingCount(queue)) === 1);
    const second = queue.enqueue({ origin: A, account: 'alice', payload: message('0x02') });
    await expect(second).rejects.toBeInstanceOf(RequestPending);
    expect(toProviderRpcError((await second.catch((e: WalletError) => e)) as WalletError).code).toBe(-32002);
    expect(openPopup).toHaveBeenCalledTimes(1);
  });

  it('lets another kind from the same origin, and the same kind from another origin, wait alongside', async () => {
    const { queue } = makeQueue();
    void queue.enqueue({ origin: A, account: 'alice', payload: message('0x01') });
    void queue.enqueue({ origin: A, payload: { kind: 'authorize' } });
    void queue.enqueue({ origin: B, account: 'alice', payload: message('0x01') });
    await until(async () => (await pendingCount(queue)) === 3);
    expect((await queue.list()).map((r) => [r.origin, r.kind])).toEqual([
      [A, 'sign'],
      [A, 'authorize'],
      [B, 'sign'],
    ]);
  });

  it('attaches an identical request to the waiting one: one prompt, one execution, both answered', async () => {
    const { queue, executor, openPopup } = makeQueue();
    const first = queue.enqueue({ origin: A, account: 'alice', payload: message('0x01') });
    const again = queue.enqueue({ origin: A, account: 'alice', payload: message('0x01') });
    await until(async () => (await pendingCount(queue)) === 1);
    await queue.approve('req-1');
    await expect(first).resolves.toEqual({ signed: 'req-1' });
    await expect(again).resolves.toEqual({ signed: 'req-1' });
    expect(executor.approve).toHaveBeenCalledTimes(1);
    expect(openPopup).toHaveBeenCalledTimes(1);
  });
});

describe('rate limit', () => {
  it('allows `max` new requests per origin per window, then RateLimited with a retry time', async () => {
    const { queue, advance } = makeQueue({ rateLimit: { max: 2, windowMs: 10_000 } });
    for (const hex of ['0x01', '0x02'] as const) {
      const p = queue.enqueue({ origin: A, account: 'alice', payload: message(hex) });
      await until(async () => (await pendingCount(queue)) === 1);
      await queue.reject((await queue.list())[0]!.id);
      await expect(p).rejects.toBeInstanceOf(UserRejected);
    }
    const limited = await queue
      .enqueue({ origin: A, account: 'alice', payload: message('0x03') })
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimited);
    expect((limited as RateLimited).details?.retryAfterMs).toBe(10_000);
    // Another origin is not affected; the window slides.
    void queue.enqueue({ origin: B, account: 'alice', payload: message('0x03') });
    advance(10_000);
    void queue.enqueue({ origin: A, account: 'alice', payload: message('0x03') });
    await until(async () => (await pendingCount(queue)) === 2);
    expect(await pendingCount(queue)).toBe(2);
  });

  it('a page reloading under ever new origins cannot re-open the approval window past a global budget', async () => {
    const { queue, openPopup } = makeQueue();
    let refused = 0;
    for (let n = 0; n < 100; n++) {
      // Each reload: a new request, then the page is gone and the request withdrawn.
      let gone: () => void = () => {};
      let outcome: unknown;
      const asked = queue
        .enqueue({
          origin: `https://s${n}.attacker.example`,
          payload: { kind: 'authorize' },
          onCallerGone: (listener) => (gone = listener),
        })
        .catch((e: unknown) => (outcome = e));
      await until(async () => outcome !== undefined || (await pendingCount(queue)) === 1);
      gone();
      await asked;
      await until(async () => (await pendingCount(queue)) === 0);
      if (outcome instanceof RateLimited) refused++;
    }
    expect(openPopup.mock.calls.length).toBe(30);
    expect(refused).toBe(70);
  });

  it('caps the requests waiting across all origins', async () => {
    const { queue } = makeQueue({ maxPending: 2 });
    void queue.enqueue({ origin: A, payload: { kind: 'authorize' } });
    void queue.enqueue({ origin: B, payload: { kind: 'authorize' } });
    await until(async () => (await pendingCount(queue)) === 2);
    await expect(
      queue.enqueue({ origin: 'https://c.example', payload: { kind: 'authorize' } }),
    ).rejects.toBeInstanceOf(RateLimited);
  });
});

describe('each request is answered exactly once', () => {
  it('approve resolves the caller with the result; a second approve or reject is RequestNotFound', async () => {
    const { queue, executor } = makeQueue();
    const pending = queue.enqueue({ origin: A, account: 'alice', payload: message('0x01') });
    await until(async () => (await pendingCount(queue)) === 1);
    expect(await queue.approve('req-1')).toEqual({
      id: 'req-1',
      status: 'approved',
      result: { signed: 'req-1' },
    });
    await expect(pending).resolves.toEqual({ signed: 'req-1' });
    await expect(queue.approve('req-1')).rejects.toBeInstanceOf(RequestNotFound);
    await expect(queue.reject('req-1')).rejects.toBeInstanceOf(RequestNotFound);
    expect(executor.approve).toHaveBeenCalledTimes(1);
  });

  it('a concurrent approve and reject: exactly one wins', async () => {
    const { queue, executor } = makeQueue();
    const pending = queue.enqueue({ origin: A, account: 'alice', payload: message('0x01') });
    await until(async () => (await pendingCount(queue)) === 1);
    const results = await Promise.allSettled([queue.approve('req-1'), queue.reject('req-1')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const answer = await pending.then(
      () => 'approved',
      () => 'rejected',
    );
    expect(answer).toBe(results[0].status === 'fulfilled' ? 'approved' : 'rejected');
    expect(
      (executor.approve as ReturnType<typeof vi.fn>).mock.calls.length +
        (executor.rejected as ReturnType<typeof vi.fn>).mock.calls.length,
    ).toBe(1);
  });

  it('reject answers 4001 UserRejected and tells the executor', async () => {
    const { queue, executor } = makeQueue();
    const pending = queue.enqueue({ origin: A, payload: { kind: 'authorize' } });
    await until(async () => (await pendingCount(queue)) === 1);
    expect(await queue.reject('req-1')).toMatchObject({
      status: 'rejected',
      error: { code: 'USER_REJECTED' },
    });
    const error = await pending.catch((e: WalletError) => e);
    expect(error).toBeInstanceOf(UserRejected);
    expect(toProviderRpcError(error as WalletError).code).toBe(4001);
    expect(executor.rejected).toHaveBeenCalledTimes(1);
  });

  it('a failing execution answers "failed" with the reason, as the typed error', async () => {
    const { queue } = makeQueue({
      executor: {
        approve: async () => {
          throw new WalletError('No committee answered', { code: 'SIGNING_FAILED', details: { block: 7 } });
        },
      },
    });
    const pending = queue.enqueue({ origin: A, account: 'alice', payload: message('0x01') });
    await until(async () => (await pendingCount(queue)) === 1);
    expect(await queue.approve('req-1')).toMatchObject({
      status: 'failed',
      error: { code: 'SIGNING_FAILED', message: 'No committee answered', details: { block: 7 } },
    });
    await expect(pending).rejects.toMatchObject({ code: 'SIGNING_FAILED', message: 'No committee answered' });
  });

  it('answers the caller before the list is written; the page may ask again at once', async () => {
    let list: PendingRequest[] = [];
    let held: (() => void)[] | undefined;
    const { queue } = makeQueue({
      store: {
        getValue: async () => list,
        // Once `held` is set, every write waits until the test lets it through.
        setValue: async (value) => {
          if (held) await new Promise<void>((resolve) => held!.push(resolve));
          list = value;
        },
      },
    });
    const pending = queue.enqueue({ origin: A, account: 'alice', payload: message('0x01') });
    await until(async () => (await pendingCount(queue)) === 1);
    held = [];
    const approved = queue.approve('req-1');
    await until(async () => held!.length === 1);
    held.shift()!(); // the claim's write
    let answer: unknown;
    void pending.then((value) => (answer = value));
    await until(async () => answer !== undefined);
    expect(answer).toEqual({ signed: 'req-1' });
    expect(held).toHaveLength(1); // the answer's write still waits
    expect(list.map((r) => r.status)).toEqual(['approving']);
    const again = queue.enqueue({ origin: A, account: 'alice', payload: message('0x02') });
    held.shift()!();
    await until(async () => held!.length === 1);
    expect(list).toEqual([]);
    held.shift()!(); // the new request's
    held = undefined;
    await expect(approved).resolves.toMatchObject({ status: 'approved' });
    expect((await queue.list()).map((r) => r.id)).toEqual(['req-2']);
    await queue.reject('req-2');
    await expect(again).rejects.toBeInstanceOf(UserRejected);
  });

  it('cancelOrigin fails the origin’s waiting requests with the reason, others untouched', async () => {
    const { queue } = makeQueue();
    const a = queue.enqueue({ origin: A, account: 'alice', payload: message('0x01') });
    void queue.enqueue({ origin: B, account: 'alice', payload: message('0x01') });
    await until(async () => (await pendingCount(queue)) === 2);
    await queue.cancelOrigin(A, new WalletError('revoked', { code: 'UNAUTHORIZED' }));
    await expect(a).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await queue.list()).map((r) => r.origin)).toEqual([B]);
  });
});

describe('callers that go away', () => {
  it('withdraws a pending request once no caller waits for it, but not while another still does', async () => {
    const { queue, executor } = makeQueue();
    const gone: (() => void)[] = [];
    const first = queue.enqueue({
      origin: A,
      account: 'alice',
      payload: message('0x01'),
      onCallerGone: (l) => gone.push(l),
    });
    const second = queue.enqueue({
      origin: A,
      account: 'alice',
      payload: message('0x01'),
      onCallerGone: (l) => gone.push(l),
    });
    await until(async () => gone.length === 2);
    gone[0]!();
    await expect(first).rejects.toMatchObject({ code: 'DISCONNECTED' });
    expect(await pendingCount(queue)).toBe(1);
    gone[1]!();
    await expect(second).rejects.toMatchObject({ code: 'DISCONNECTED' });
    await until(async () => (await pendingCount(queue)) === 0);
    expect(await pendingCount(queue)).toBe(0);
    expect(executor.approve).not.toHaveBeenCalled();
  });
});

describe('persistence in storage.session', () => {
  it('a restarted worker still lists the request; the page’s retry attaches and gets the answer', async () => {
    const before = makeQueue();
    void before.queue.enqueue({ origin: A, account: 'alice', payload: message('0x68690a') });
    await until(async () => (await pendingCount(before.queue)) === 1);
    expect(await fakeBrowser.storage.session.get('requests')).toMatchObject({
      requests: [
        { id: 'req-1', origin: A, status: 'pending', display: { kind: 'personal-message', text: 'hi\n' } },
      ],
    });

    // A new queue over the same storage is what the worker builds after a restart.
    const after = makeQueue({ newId: () => 'fresh' });
    expect((await after.queue.list()).map((r) => r.id)).toEqual(['req-1']);
    const retry = after.queue.enqueue({ origin: A, account: 'alice', payload: message('0x68690a') });
    await until(async () => true);
    await after.queue.approve('req-1');
    await expect(retry).resolves.toEqual({ signed: 'req-1' });
    expect(await after.queue.list()).toEqual([]);
    expect(after.openPopup).not.toHaveBeenCalled();
  });

  it('an approval interrupted by the restart is dropped, not answered twice', async () => {
    let release: () => void = () => {};
    const before = makeQueue({
      executor: {
        approve: () => new Promise<never>((_r, reject) => (release = () => reject(new Error('x')))),
      },
    });
    void before.queue.enqueue({ origin: A, account: 'alice', payload: message('0x01') }).catch(() => {});
    await until(async () => (await pendingCount(before.queue)) === 1);
    void before.queue.approve('req-1');
    await until(
      async () =>
        ((await fakeBrowser.storage.session.get('requests')) as { requests?: { status: string }[] })
          .requests?.[0]?.status === 'approving',
    );
    const after = makeQueue();
    const events: QueueEvent[] = [];
    after.queue.subscribe((e) => events.push(e));
    expect(await after.queue.list()).toEqual([]);
    await expect(after.queue.approve('req-1')).rejects.toBeInstanceOf(RequestNotFound);
    // Answered once, as failed with the reason, so history and the popup can say what happened.
    expect(events).toEqual([
      {
        type: 'answered',
        request: expect.objectContaining({ id: 'req-1', origin: A, status: 'approving' }),
        outcome: {
          id: 'req-1',
          status: 'failed',
          error: expect.objectContaining({ code: 'WORKER_RESTARTED' }),
        },
      },
    ]);
    release();
  });
});

describe('live subscription', () => {
  it('sends the list on every change, each answer, and signing progress', async () => {
    const { queue } = makeQueue({
      executor: {
        approve: async (request, _approval, onProgress) => {
          onProgress({ requestId: request.id, step: 'round 1', at: 0 });
          return 'sig';
        },
      },
    });
    const events: QueueEvent[] = [];
    const unsubscribe = queue.subscribe((e) => events.push(e));
    const progress: unknown[] = [];
    const pending = queue.enqueue({
      origin: A,
      account: 'alice',
      payload: message('0x01'),
      onProgress: (p) => progress.push(p),
    });
    await until(async () => (await pendingCount(queue)) === 1);
    await queue.approve('req-1');
    await pending;
    unsubscribe();
    expect(events.map((e) => e.type)).toEqual(['requests', 'requests', 'progress', 'answered', 'requests']);
    expect(events[1]).toMatchObject({ type: 'requests', requests: [{ id: 'req-1', status: 'approving' }] });
    expect(events.at(-1)).toEqual({ type: 'requests', requests: [] });
    expect(progress).toEqual([{ requestId: 'req-1', step: 'round 1', at: 0 }]);
  });
});
