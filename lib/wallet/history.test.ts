import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createRequestQueue } from '../requests/queue';
import { createHistory, recordQueueHistory } from './history';

const HASH = `0x${'ab'.repeat(32)}` as const;

describe('request history', () => {
  beforeEach(() => fakeBrowser.reset());

  it('records signed, rejected and failed requests with what they asked for', async () => {
    let fail = false;
    const queue = createRequestQueue({
      executor: {
        async approve() {
          if (fail) throw new Error('the committee timed out');
          return { signature: '0x1234' };
        },
      },
      openPopup: async () => {},
    });
    const history = createHistory();
    recordQueueHistory(queue, history, () => 7);
    const next = async () => (await queue.list()).at(-1)!;

    const signed = queue.enqueue({
      origin: 'https://a.example',
      account: '5Alice',
      payload: { kind: 'hash', hash: HASH },
    });
    await queue.approve((await next()).id);
    await expect(signed).resolves.toEqual({ signature: '0x1234' });

    const rejected = queue.enqueue({
      origin: 'https://b.example',
      account: '5Alice',
      payload: { kind: 'hash', hash: HASH },
    });
    await queue.reject((await next()).id);
    await expect(rejected).rejects.toMatchObject({ name: 'UserRejected' });

    fail = true;
    const failed = queue.enqueue({
      origin: 'https://c.example',
      account: '5Alice',
      payload: { kind: 'hash', hash: HASH },
    });
    await queue.approve((await next()).id);
    await expect(failed).rejects.toThrow('the committee timed out');

    await new Promise((r) => setTimeout(r, 0));
    const entries = await history.list();
    expect(entries.map((e) => [e.origin, e.outcome])).toEqual([
      ['https://c.example', 'failed'],
      ['https://b.example', 'rejected'],
      ['https://a.example', 'signed'],
    ]);
    expect(entries[2]).toMatchObject({
      signature: '0x1234',
      kind: 'hash',
      summary: `Sign hash ${HASH.slice(0, 18)}…`,
      at: 7,
    });
    expect(entries[0]?.error?.message).toBe('the committee timed out');
  });

  it('records an approval the worker’s restart interrupted as failed, with the reason', async () => {
    const before = createRequestQueue({
      executor: { approve: () => new Promise<never>(() => undefined) },
      openPopup: async () => {},
    });
    void before.enqueue({
      origin: 'https://d.example',
      account: '5Alice',
      payload: { kind: 'hash', hash: HASH },
    });
    const [request] = await before.list();
    void before.approve(request!.id);
    while ((await before.list())[0]?.status !== 'approving') await new Promise((r) => setTimeout(r, 0));

    // What a restarted worker builds over the same storage.session.
    const after = createRequestQueue({ executor: { approve: async () => null }, openPopup: async () => {} });
    const history = createHistory();
    recordQueueHistory(after, history, () => 9);
    expect(await after.list()).toEqual([]);
    await new Promise((r) => setTimeout(r, 0));
    expect(await history.list()).toEqual([
      expect.objectContaining({
        origin: 'https://d.example',
        outcome: 'failed',
        at: 9,
        error: expect.objectContaining({ code: 'WORKER_RESTARTED' }),
      }),
    ]);
  });
});
