import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startChain } from './index';
import { RPC_DEFAULTS, RpcServer, type Handler, type RpcLimits } from './rpc/server';

const BIG = 'x'.repeat(30_000);

interface Client {
  ws: WebSocket;
  /** The next message (or close) the server sends. */
  next(): Promise<unknown>;
  closed: Promise<number>;
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function connect(url: string): Promise<Client> {
  const ws = new WebSocket(url);
  const inbox: unknown[] = [];
  const waiters: ((m: unknown) => void)[] = [];
  ws.on('message', (d) => {
    const m: unknown = JSON.parse(d.toString());
    const w = waiters.shift();
    if (w) w(m);
    else inbox.push(m);
  });
  const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  cleanup.push(() => ws.terminate());
  return {
    ws,
    closed,
    next: () =>
      inbox.length ? Promise.resolve(inbox.shift()) : new Promise<unknown>((r) => waiters.push(r)),
  };
}

/** A server whose `big` method returns 30 kB and counts its calls. */
async function server(limits: Partial<RpcLimits> = {}) {
  const calls = { big: 0 };
  const methods: Record<string, Handler> = {
    big: () => {
      calls.big++;
      return BIG;
    },
    small: () => 1,
    sub: (_p, conn) => conn.subscribe('sub_note', () => undefined),
    boom: () => {
      throw new Error('secret internals /home/x/db');
    },
  };
  const rpc = new RpcServer(methods, limits);
  const port = await rpc.listen(0, '127.0.0.1');
  cleanup.push(() => rpc.close());
  return { url: `ws://127.0.0.1:${port}`, calls };
}

const req = (id: number, method: string) => ({ jsonrpc: '2.0', id, method, params: [] });

describe('RPC server limits', () => {
  it('refuses an oversized batch before running any of it', async () => {
    const { url, calls } = await server();
    const c = await connect(url);
    const batch = Array.from({ length: 1600 }, (_, i) => req(i, 'big'));
    c.ws.send(JSON.stringify(batch));
    expect(await c.next()).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: {
        code: -32010,
        message: 'The batch request was too large',
        data: `Exceeded max limit of ${RPC_DEFAULTS.maxBatchLength}`,
      },
    });
    expect(calls.big).toBe(0);
  });

  it('stops building a batch response at the response size limit', async () => {
    const { url, calls } = await server({ maxResponseBytes: 100_000 });
    const c = await connect(url);
    c.ws.send(JSON.stringify(Array.from({ length: 50 }, (_, i) => req(i, 'big'))));
    expect(await c.next()).toMatchObject({ id: null, error: { code: -32011 } });
    expect(calls.big).toBeLessThanOrEqual(4);
    // A single answer over the limit is an error too, and the connection goes on.
    c.ws.send(JSON.stringify(req(7, 'big')));
    expect(await c.next()).toMatchObject({ id: 7, result: BIG });
    const small = await server({ maxResponseBytes: 1000 });
    const d = await connect(small.url);
    d.ws.send(JSON.stringify(req(8, 'big')));
    expect(await d.next()).toEqual({
      jsonrpc: '2.0',
      id: 8,
      error: { code: -32008, message: 'Response is too big', data: 'Exceeded max limit of 1000' },
    });
    d.ws.send(JSON.stringify(req(9, 'small')));
    expect(await d.next()).toMatchObject({ id: 9, result: 1 });
  });

  it('caps subscriptions per connection', async () => {
    const { url } = await server({ maxSubscriptionsPerConnection: 3 });
    const c = await connect(url);
    const ids: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      c.ws.send(JSON.stringify(req(i, 'sub')));
      ids.push(((await c.next()) as { result: unknown }).result);
    }
    c.ws.send(JSON.stringify(req(3, 'sub')));
    expect(await c.next()).toMatchObject({
      id: 3,
      error: { code: -32006, message: 'Too many subscriptions on the connection' },
    });
    // Another connection has its own budget.
    const other = await connect(url);
    other.ws.send(JSON.stringify(req(4, 'sub')));
    expect(await other.next()).toMatchObject({ id: 4, result: expect.any(String) });
  });

  it('rate-limits calls per connection, counting each call of a batch', async () => {
    let now = 0;
    // 60 calls a minute: a burst of 10 (ten seconds' worth), then one a second.
    const { url, calls } = await server({ rateLimitPerMinute: 60, now: () => now });
    const c = await connect(url);
    c.ws.send(JSON.stringify(Array.from({ length: 15 }, (_, i) => req(i, 'big'))));
    const answers = (await c.next()) as { error?: { code: number; message: string } }[];
    expect(answers.filter((a) => !a.error)).toHaveLength(10);
    expect(answers.filter((a) => a.error?.code === -32009)).toHaveLength(5);
    expect(calls.big).toBe(10);
    c.ws.send(JSON.stringify(req(20, 'small')));
    expect(await c.next()).toMatchObject({ id: 20, error: { code: -32009 } });
    now += 1000;
    c.ws.send(JSON.stringify(req(21, 'small')));
    expect(await c.next()).toMatchObject({ id: 21, result: 1 });
  });

  it('closes a connection that sends a frame over the request size limit (1009)', async () => {
    const { url } = await server({ maxRequestBytes: 1024 });
    const c = await connect(url);
    c.ws.send(JSON.stringify({ ...req(1, 'small'), params: ['y'.repeat(2000)] }));
    expect(await c.closed).toBe(1009);
  });

  it('refuses connections beyond the limit (1013) and accepts again once one closes', async () => {
    const { url } = await server({ maxConnections: 2 });
    const a = await connect(url);
    await connect(url);
    const third = await connect(url);
    expect(await third.closed).toBe(1013);
    a.ws.close();
    await a.closed;
    const fourth = await connect(url);
    fourth.ws.send(JSON.stringify(req(1, 'small')));
    expect(await fourth.next()).toMatchObject({ id: 1, result: 1 });
  });

  it('disconnects a client that does not read its answers', async () => {
    const { url, calls } = await server({ maxBufferedBytes: 256 * 1024, rateLimitPerMinute: null });
    const c = await connect(url);
    const socket = (c.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    // Stop reading: once the kernel's buffers are full, the server's answers pile up in its memory.
    socket.pause();
    const sent = 2000;
    for (let i = 0; i < sent; i++) c.ws.send(JSON.stringify(req(i, 'big')));
    // Wait until the server stops answering (it dropped the connection), then read again.
    let seen = -1;
    while (calls.big !== seen) {
      seen = calls.big;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(calls.big).toBeLessThan(sent);
    socket.resume();
    expect([1006, 1008]).toContain(await c.closed);
  });

  it('answers a failing handler with -32603 and no internals', async () => {
    const { url } = await server();
    const c = await connect(url);
    c.ws.send(JSON.stringify(req(1, 'boom')));
    expect(await c.next()).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32603, message: 'Internal error' },
    });
  });
});

describe('chain node RPC limits', () => {
  it('refuses a batch of 1,600 state_getMetadata cheaply and keeps serving', async () => {
    const node = await startChain({ port: 0, blockTime: 0, log: () => undefined });
    cleanup.push(() => node.stop());
    const c = await connect(node.url);
    c.ws.send(JSON.stringify(Array.from({ length: 1600 }, (_, i) => req(i, 'state_getMetadata'))));
    expect(await c.next()).toMatchObject({ id: null, error: { code: -32010 } });
    c.ws.send(JSON.stringify(req(1, 'chain_getHeader')));
    expect(await c.next()).toMatchObject({ id: 1, result: { number: '0x0' } });
  });

  it('refuses an overlong account before decoding it, and keeps serving', async () => {
    const node = await startChain({ port: 0, blockTime: 0, log: () => undefined });
    cleanup.push(() => node.stop());
    const c = await connect(node.url);
    // Base58 decoding is worse than quadratic: 100,000 characters held the chain for minutes.
    c.ws.send(JSON.stringify({ ...req(1, 'system_accountNextIndex'), params: ['x'.repeat(5_000)] }));
    c.ws.send(JSON.stringify(req(2, 'chain_getHeader')));
    expect(await c.next()).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: {
        code: -32602,
        message: 'Invalid params: account must be an SS58 address or 32-byte hex (at most 66 characters)',
      },
    });
    expect(await c.next()).toMatchObject({ id: 2, result: { number: '0x0' } });
  });

  it('answers system_accountNextIndex with a bad account as invalid params, without internals', async () => {
    const node = await startChain({ port: 0, blockTime: 0, log: () => undefined });
    cleanup.push(() => node.stop());
    const c = await connect(node.url);
    for (const [i, bad] of ['0x01', '0x0102', `0x${'11'.repeat(33)}`, 'nope', 7].entries()) {
      c.ws.send(JSON.stringify({ ...req(i, 'system_accountNextIndex'), params: [bad] }));
      expect(await c.next()).toEqual({
        jsonrpc: '2.0',
        id: i,
        error: {
          code: -32602,
          // 33 bytes of hex are also too long to be an account.
          message: expect.stringMatching(
            /^Invalid params: account must be an SS58 address or 32-byte hex( \(at most 66 characters\))?$/,
          ),
        },
      });
    }
  });
});
