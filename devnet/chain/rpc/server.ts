/**
 * JSON-RPC 2.0 over WebSocket (`ws`), as a Substrate node serves it: requests, batches, and
 * subscriptions whose notifications carry `{ subscription, result }`. Bad input gets a JSON-RPC
 * error (−32700 parse, −32600 invalid request, −32601 unknown method, −32602 bad params); a failing
 * handler never takes the node down, and its internals stay in the node's log.
 *
 * Limits, with jsonrpsee's error codes (as a Substrate node answers): frame size (the socket is closed
 * with 1009), connections (1013), batch length (−32010), response size (−32008, −32011 for a batch,
 * which stops running as soon as it is over), subscriptions per connection (−32006), calls per minute
 * per connection (−32009), and unread answers per connection (a client that stops reading is dropped
 * with 1008, so its answers cannot pile up in memory).
 */
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

export const invalidParams = (why: string) => new RpcError(-32602, `Invalid params: ${why}`);

export interface RpcLimits {
  /** Largest WebSocket frame (`ws` maxPayload); a bigger one closes the socket with 1009. */
  maxRequestBytes: number;
  /** Largest JSON answer to one call, and to a whole batch. */
  maxResponseBytes: number;
  maxBatchLength: number;
  maxSubscriptionsPerConnection: number;
  maxConnections: number;
  /** Calls per minute per connection (a batch counts each call), bursts up to ten seconds' worth; null = off. */
  rateLimitPerMinute: number | null;
  /** Answers waiting in a connection's send buffer; beyond this the client is too slow and is dropped. */
  maxBufferedBytes: number;
  now: () => number;
}

export const RPC_DEFAULTS = {
  maxRequestBytes: 4 * 1024 * 1024,
  maxResponseBytes: 10 * 1024 * 1024,
  maxBatchLength: 100,
  maxSubscriptionsPerConnection: 1024,
  maxConnections: 100,
  rateLimitPerMinute: 60_000,
  maxBufferedBytes: 16 * 1024 * 1024,
} as const;

const limitData = (n: number) => `Exceeded max limit of ${n}`;

export interface Subscriber {
  /** Sends one notification. */
  send(result: unknown): void;
  /** Ends the subscription from the server side (after a final notification). */
  close(): void;
}

export interface Connection {
  /** Registers a subscription; `start` runs after the response with the id is sent. Throws −32006 when full. */
  subscribe(notification: string, start: (sub: Subscriber) => (() => void) | void): string;
  /** Throws −32006 if the connection cannot take another subscription (check before side effects). */
  checkSubscriptionLimit(): void;
  unsubscribe(id: unknown): boolean;
}

export type Handler = (params: unknown[], conn: Connection) => unknown;

interface Request {
  jsonrpc: '2.0';
  id?: string | number | null;
  method: string;
  params?: unknown;
}

function error(id: unknown, code: number, message: string, data?: unknown) {
  return { jsonrpc: '2.0', id, error: data === undefined ? { code, message } : { code, message, data } };
}

function isRequest(v: unknown): v is Request {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  const idOk = r.id === undefined || r.id === null || typeof r.id === 'string' || typeof r.id === 'number';
  const paramsOk =
    r.params === undefined || Array.isArray(r.params) || (typeof r.params === 'object' && r.params !== null);
  return r.jsonrpc === '2.0' && typeof r.method === 'string' && idOk && paramsOk;
}

class ConnectionState implements Connection {
  private readonly subs = new Map<string, { notification: string; stop?: () => void }>();
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly ws: WebSocket,
    private readonly nextId: () => string,
    private readonly limits: RpcLimits,
  ) {
    this.tokens = this.burst;
    this.refilledAt = limits.now();
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  private get burst(): number {
    return Math.max(1, (this.limits.rateLimitPerMinute ?? 0) / 6);
  }

  /** Takes one call from the connection's budget; false when the rate limit is reached. */
  takeCall(): boolean {
    const perMinute = this.limits.rateLimitPerMinute;
    if (perMinute === null) return true;
    const now = this.limits.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) * perMinute) / 60_000);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }

  send(message: unknown): void {
    this.sendText(JSON.stringify(message));
  }

  sendText(text: string): void {
    if (!this.open) return;
    if (this.ws.bufferedAmount + text.length > this.limits.maxBufferedBytes) {
      // The client does not read its answers: drop it rather than hold them.
      this.ws.close(1008, 'Too many unread answers');
      setTimeout(() => this.ws.terminate(), 1000).unref();
      this.closeAll();
      return;
    }
    this.ws.send(text);
  }

  subscribe(notification: string, start: (sub: Subscriber) => (() => void) | void): string {
    this.checkSubscriptionLimit();
    const id = this.nextId();
    const entry: { notification: string; stop?: () => void } = { notification };
    this.subs.set(id, entry);
    const sub: Subscriber = {
      send: (result) => {
        if (this.subs.has(id))
          this.send({ jsonrpc: '2.0', method: notification, params: { subscription: id, result } });
      },
      close: () => this.unsubscribe(id),
    };
    // After the response: a request's answer always precedes its first notification.
    setImmediate(() => {
      if (!this.subs.has(id)) return;
      try {
        const stop = start(sub);
        if (stop) entry.stop = stop;
        if (!this.subs.has(id)) stop?.();
      } catch (e) {
        console.error(`devnet chain: subscription ${notification} failed:`, e);
        this.unsubscribe(id);
      }
    });
    return id;
  }

  checkSubscriptionLimit(): void {
    const max = this.limits.maxSubscriptionsPerConnection;
    if (this.subs.size >= max) {
      throw new RpcError(-32006, 'Too many subscriptions on the connection', limitData(max));
    }
  }

  unsubscribe(id: unknown): boolean {
    if (typeof id !== 'string' && typeof id !== 'number') return false;
    const entry = this.subs.get(String(id));
    if (!entry) return false;
    this.subs.delete(String(id));
    entry.stop?.();
    return true;
  }

  closeAll(): void {
    for (const id of [...this.subs.keys()]) this.unsubscribe(id);
  }
}

export class RpcServer {
  private wss: WebSocketServer | null = null;
  private subId = 0;
  private readonly conns = new Set<ConnectionState>();
  private readonly limits: RpcLimits;

  constructor(
    private readonly methods: Record<string, Handler>,
    limits: Partial<RpcLimits> = {},
  ) {
    this.limits = { ...RPC_DEFAULTS, now: Date.now, ...limits };
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const wss = new WebSocketServer({ port, host, maxPayload: this.limits.maxRequestBytes });
      wss.once('error', reject);
      wss.once('listening', () => {
        wss.off('error', reject);
        wss.on('error', (e) => console.error('devnet chain: RPC server error:', e));
        resolve((wss.address() as AddressInfo).port);
      });
      wss.on('connection', (ws) => this.accept(ws));
      this.wss = wss;
    });
  }

  private accept(ws: WebSocket): void {
    ws.on('error', () => ws.terminate());
    if (this.conns.size >= this.limits.maxConnections) {
      ws.close(1013, `Too many connections (limit ${this.limits.maxConnections})`);
      return;
    }
    const conn = new ConnectionState(ws, () => `${++this.subId}`, this.limits);
    this.conns.add(conn);
    ws.on('message', (data, isBinary) => {
      void this.onMessage(conn, isBinary ? null : data.toString());
    });
    ws.on('close', () => {
      conn.closeAll();
      this.conns.delete(conn);
    });
  }

  private async onMessage(conn: ConnectionState, text: string | null): Promise<void> {
    if (!conn.open) return;
    let parsed: unknown;
    try {
      if (text === null) throw new Error('binary frame');
      parsed = JSON.parse(text);
    } catch {
      conn.send(error(null, -32700, 'Parse error'));
      return;
    }
    if (!Array.isArray(parsed)) {
      const answer = await this.handle(conn, parsed);
      if (answer === null) return;
      const json = JSON.stringify(answer);
      const max = this.limits.maxResponseBytes;
      if (json.length <= max) conn.sendText(json);
      else conn.send(error(idOf(parsed), -32008, 'Response is too big', limitData(max)));
      return;
    }
    if (parsed.length === 0) {
      conn.send(error(null, -32600, 'Invalid Request'));
      return;
    }
    if (parsed.length > this.limits.maxBatchLength) {
      conn.send(
        error(null, -32010, 'The batch request was too large', limitData(this.limits.maxBatchLength)),
      );
      return;
    }
    // One call after the other, stopping as soon as the answer is over the limit.
    const answers: string[] = [];
    let size = 2;
    for (const r of parsed) {
      const answer = await this.handle(conn, r);
      if (answer === null) continue;
      const json = JSON.stringify(answer);
      size += json.length + 1;
      if (size > this.limits.maxResponseBytes) {
        conn.send(
          error(null, -32011, 'The batch response was too large', limitData(this.limits.maxResponseBytes)),
        );
        return;
      }
      answers.push(json);
    }
    if (answers.length) conn.sendText(`[${answers.join(',')}]`);
  }

  /** Answers one request; null for a notification (no id). */
  private async handle(conn: ConnectionState, req: unknown): Promise<unknown> {
    if (!isRequest(req)) return error(idOf(req), -32600, 'Invalid Request');
    const id = req.id ?? null;
    if (!conn.takeCall()) {
      return req.id === undefined
        ? null
        : error(
            id,
            -32009,
            'Server is busy, try again later',
            `Rate limit of ${String(this.limits.rateLimitPerMinute)} calls per minute`,
          );
    }
    const handler = Object.hasOwn(this.methods, req.method) ? this.methods[req.method] : undefined;
    if (!handler) return req.id === undefined ? null : error(id, -32601, 'Method not found');
    const params = Array.isArray(req.params)
      ? req.params
      : req.params === undefined
        ? []
        : Object.values(req.params as object);
    try {
      const result = await handler(params, conn);
      return req.id === undefined
        ? null
        : { jsonrpc: '2.0', id, result: result === undefined ? null : result };
    } catch (e) {
      if (e instanceof RpcError) return error(id, e.code, e.message, e.data);
      console.error(`devnet chain: ${req.method} failed:`, e);
      return error(id, -32603, 'Internal error');
    }
  }

  async close(): Promise<void> {
    for (const c of this.conns) c.closeAll();
    const wss = this.wss;
    if (!wss) return;
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }
}

/** The request's id if it has a valid one, else null (as answers to unreadable requests carry). */
function idOf(req: unknown): string | number | null {
  const id = typeof req === 'object' && req !== null && 'id' in req ? (req as { id: unknown }).id : null;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}
