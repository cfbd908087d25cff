/**
 * JSON-RPC 2.0 over WebSocket (`ws`), as a Substrate node serves it: requests, batches, and
 * subscriptions whose notifications carry `{ subscription, result }`. Bad input gets a JSON-RPC
 * error (−32700 parse, −32600 invalid request, −32601 unknown method, −32602 bad params); a failing
 * handler never takes the node down.
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

export interface Subscriber {
  /** Sends one notification. */
  send(result: unknown): void;
  /** Ends the subscription from the server side (after a final notification). */
  close(): void;
}

export interface Connection {
  /** Registers a subscription; `start` runs after the response with the id is sent. */
  subscribe(notification: string, start: (sub: Subscriber) => (() => void) | void): string;
  unsubscribe(id: unknown): boolean;
}

export type Handler = (params: unknown[], conn: Connection) => unknown;

interface Request {
  jsonrpc: '2.0';
  id?: string | number | null;
  method: string;
  params?: unknown;
}

const MAX_PAYLOAD = 15 * 1024 * 1024;

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

  constructor(
    private readonly ws: WebSocket,
    private readonly nextId: () => string,
  ) {}

  send(message: unknown): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }

  subscribe(notification: string, start: (sub: Subscriber) => (() => void) | void): string {
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

  constructor(private readonly methods: Record<string, Handler>) {}

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const wss = new WebSocketServer({ port, host, maxPayload: MAX_PAYLOAD });
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
    const conn = new ConnectionState(ws, () => `${++this.subId}`);
    this.conns.add(conn);
    ws.on('message', (data, isBinary) => {
      void this.onMessage(conn, isBinary ? null : data.toString());
    });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      conn.closeAll();
      this.conns.delete(conn);
    });
  }

  private async onMessage(conn: ConnectionState, text: string | null): Promise<void> {
    let parsed: unknown;
    try {
      if (text === null) throw new Error('binary frame');
      parsed = JSON.parse(text);
    } catch {
      conn.send(error(null, -32700, 'Parse error'));
      return;
    }
    if (Array.isArray(parsed)) {
      if (parsed.length === 0) {
        conn.send(error(null, -32600, 'Invalid Request'));
        return;
      }
      const answers = (await Promise.all(parsed.map((r) => this.handle(conn, r)))).filter((a) => a !== null);
      if (answers.length) conn.send(answers);
      return;
    }
    const answer = await this.handle(conn, parsed);
    if (answer !== null) conn.send(answer);
  }

  /** Answers one request; null for a notification (no id). */
  private async handle(conn: ConnectionState, req: unknown): Promise<unknown> {
    if (!isRequest(req)) {
      const id = typeof req === 'object' && req !== null && 'id' in req ? (req as { id: unknown }).id : null;
      return error(typeof id === 'string' || typeof id === 'number' ? id : null, -32600, 'Invalid Request');
    }
    const id = req.id ?? null;
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
      return error(id, -32603, 'Internal error', (e as Error).message);
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
