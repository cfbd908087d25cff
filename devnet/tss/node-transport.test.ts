import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TssClientError } from '../../lib/tss';
import { answerError, MAX_ANSWER_BYTES, readText, send } from '../../lib/tss/http';
import { nodeFetch, postFrame } from './node-transport';

/** A member's `/signer/message` route, scripted per test; the connections it saw are counted. */
let route: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;
let server: Server;
let url: string;
let connections = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => route(req, res, Buffer.concat(chunks)));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('frames posted over node:http', () => {
  it('sends the bytes as they are, as octet-stream, and reuses one connection for the next frames', async () => {
    const seen: { path?: string; type?: string; body: Buffer }[] = [];
    route = (req, res, body) => {
      seen.push({ path: req.url, type: req.headers['content-type'], body });
      res.writeHead(204).end();
    };
    const before = connections;
    const frames = [0, 1, 2].map((n) =>
      Uint8Array.from({ length: 40_000 + n }, (_, i) => (i * 7 + n) & 0xff),
    );
    for (const frame of frames) await postFrame(url, frame);
    expect(seen.map((s) => s.path)).toEqual(Array(3).fill('/signer/message'));
    expect(seen.map((s) => s.type)).toEqual(Array(3).fill('application/octet-stream'));
    seen.forEach((s, i) => expect(new Uint8Array(s.body)).toEqual(frames[i]));
    expect(connections - before).toBe(1);
  });

  it('turns a refusal into the typed error with the member’s reason', async () => {
    route = (_req, res) =>
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { name: 'WalletError', code: 'MALFORMED', message: 'not a frame' } }));
    const error = await postFrame(url, new Uint8Array([1])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TssClientError);
    expect((error as TssClientError).code).toBe('TSS_REQUEST_FAILED');
    expect((error as TssClientError).details).toMatchObject({
      path: '/signer/message',
      status: 400,
      reason: { code: 'MALFORMED', message: 'not a frame' },
    });
  });

  it('reports a member that cannot be reached as TSS_UNREACHABLE', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await postFrame(`http://127.0.0.1:${port}`, new Uint8Array([1])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TssClientError);
    expect((error as TssClientError).code).toBe('TSS_UNREACHABLE');
  });

  it('ends a post the caller aborts, with the abort and not as an unreachable member', async () => {
    route = () => undefined; // never answers
    const abort = new AbortController();
    const posting = postFrame(url, new Uint8Array([1]), abort.signal).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    abort.abort();
    const error = await posting;
    expect(error).not.toBeInstanceOf(TssClientError);
    expect((error as Error).name).toBe('AbortError');
  });
});

describe('fetch over node:http (bench:tss’s /user/tx)', () => {
  it('posts JSON with its headers and gives the answer as a Response, on one kept connection', async () => {
    const seen: { method?: string; path?: string; type?: string; length?: string; body: string }[] = [];
    route = (req, res, body) => {
      seen.push({
        method: req.method,
        path: req.url,
        type: req.headers['content-type'],
        length: req.headers['content-length'],
        body: body.toString(),
      });
      res.writeHead(200, { 'content-type': 'application/json', 'x-answer': 'yes' }).end('{"ok":true}');
    };
    const before = connections;
    for (let i = 0; i < 2; i++) {
      const response = await send(url, '/user/tx', { n: i, text: 'é' }, { fetch: nodeFetch });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-answer')).toBe('yes');
      expect(await response.json()).toEqual({ ok: true });
    }
    expect(seen).toEqual(
      [0, 1].map((n) => ({
        method: 'POST',
        path: '/user/tx',
        type: 'application/json',
        length: String(Buffer.byteLength(JSON.stringify({ n, text: 'é' }))),
        body: JSON.stringify({ n, text: 'é' }),
      })),
    );
    expect(connections - before).toBe(1);
  });

  it('gives a refusal as lib/tss types it, and an answer without a body as one', async () => {
    route = (_req, res) =>
      res
        .writeHead(409, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { name: 'TssError', code: 'CONFLICT', message: 'already ran' } }));
    const refused = await send(url, '/user/tx', {}, { fetch: nodeFetch });
    const error = await answerError(refused, url, '/user/tx');
    expect(error).toBeInstanceOf(TssClientError);
    expect((error as TssClientError).details).toMatchObject({ status: 409, reason: { code: 'CONFLICT' } });
    route = (_req, res) => res.writeHead(204).end();
    const empty = await nodeFetch(url, { method: 'POST', body: '{}' });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });

  it('stops reading an answer larger than lib/tss reads, which lib/tss then refuses', async () => {
    let written = 0;
    route = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const more = (): void => {
        while (written < 64 * MAX_ANSWER_BYTES && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    };
    const response = await nodeFetch(url, { method: 'POST', body: '{}' });
    await expect(readText(response, url)).rejects.toMatchObject({ code: 'TSS_ANSWER_TOO_LARGE' });
    expect(written).toBeLessThan(64 * MAX_ANSWER_BYTES);
  });

  it('fails as fetch does for an unreachable server and for an abort', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = await send(`http://127.0.0.1:${port}`, '/user/tx', {}, { fetch: nodeFetch }).catch(
      (e: unknown) => e,
    );
    expect((unreachable as TssClientError).code).toBe('TSS_UNREACHABLE');

    route = () => undefined; // never answers
    const abort = new AbortController();
    const asking = nodeFetch(url, { method: 'POST', body: '{}', signal: abort.signal }).catch(
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 50));
    abort.abort();
    expect(((await asking) as Error).name).toBe('AbortError');
  });
});
