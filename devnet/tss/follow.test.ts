import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cryptoWaitReady, sr25519PairFromSeed } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_EVENT_CHARS } from '../../lib/tss/events';
import { createSubscribeRequest, sr25519Signer, type SubscribeRequest } from '../../lib/wire';
import { followStream } from './follow';

/** A TSS server's stream route, scripted per test: what it writes, in which pieces. */
let route: (req: IncomingMessage, res: ServerResponse, body: unknown) => void;
let server: Server;
let url: string;
let closed: Promise<void>;
let request: SubscribeRequest;

beforeAll(async () => {
  await cryptoWaitReady();
  request = createSubscribeRequest({
    partyId: 'group-1',
    target: 'group-0',
    sessionId: new Uint8Array(32).fill(3),
    signer: sr25519Signer(sr25519PairFromSeed(new Uint8Array(32).fill(5))),
  });
  server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (c: string) => (text += c));
    req.on('end', () => route(req, res, JSON.parse(text)));
    closed = new Promise((resolve) => res.on('close', resolve));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const sse = (res: ServerResponse) =>
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });

async function collect(signal = new AbortController().signal) {
  const events = [];
  for await (const event of followStream(url, request, signal)) events.push(event);
  return events;
}

describe("a server following another validator's stream over node:http", () => {
  it('sends the signed request and decodes events split anywhere, until the stream ends', async () => {
    const frame = Uint8Array.from({ length: 3000 }, (_, i) => i & 0xff);
    const status = { partyId: 'group-0', state: 'running', round: 1, totalRounds: 3, waitingFor: [] };
    const text =
      `: keep-alive\n\nevent: status\ndata: ${JSON.stringify(status)}\n\n` +
      `event: frame\r\ndata: ${Buffer.from(frame).toString('base64')}\r\n\r\nevent: later\ndata: {}\n\n`;
    let seen: unknown;
    route = (_req, res, body) => {
      seen = body;
      sse(res);
      // Pieces of 7 characters: events, lines and line ends cut in the middle.
      const pieces = text.match(/[^]{1,7}/g)!;
      const next = (): void => void (pieces.length ? res.write(pieces.shift(), next) : res.end());
      next();
    };
    const events = await collect();
    expect(seen).toMatchObject({ partyId: 'group-1', timestamp: request.timestamp });
    expect(events).toEqual([
      { type: 'status', status },
      { type: 'frame', frame: new Uint8Array(frame) },
    ]);
  });

  it("turns a refusal into lib/tss's typed error, with the server's reason", async () => {
    route = (_req, res) =>
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { name: 'TssError', code: 'NOT_FOUND', message: 'No such session' } }));
    await expect(collect()).rejects.toMatchObject({
      name: 'TssClientError',
      code: 'TSS_REQUEST_FAILED',
      details: { status: 404, reason: { code: 'NOT_FOUND' } },
    });
  });

  it('ends quietly when aborted, closing the connection, and refuses an endless line', async () => {
    route = (_req, res) => {
      sse(res);
      res.write('event: status\ndata: {"partyId":"group-0","state":"pending","round":0,');
    };
    const abort = new AbortController();
    const following = collect(abort.signal);
    await new Promise((resolve) => setTimeout(resolve, 50));
    abort.abort();
    await expect(following).resolves.toEqual([]);
    await closed;

    route = (_req, res) => {
      sse(res);
      res.write(`data: ${'A'.repeat(MAX_EVENT_CHARS)}`);
    };
    await expect(collect()).rejects.toMatchObject({ code: 'TSS_ANSWER_TOO_LARGE' });
    await closed;
  });
});
