import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubscribeRequest, sr25519Signer } from '../wire';
import { getSignature, postUserTx } from './client';
import { TssClientError } from './errors';
import { MAX_ANSWER_BYTES } from './http';
import { MAX_EVENT_CHARS, decodeSessionEvent, eventSizeGuard } from './events';
import { subscribe } from './subscribe';
import { cryptoWaitReady, sr25519PairFromSeed } from '@polkadot/util-crypto';
import type { Envelope } from '../wire';

/**
 * A malicious TSS server on loopback: each route streams far more than any honest answer, and counts
 * what it managed to write before the client hung up.
 */
let server: Server;
let url: string;
const written = new Map<string, number>();

function endless(res: ServerResponse, route: string, head: string, filler: string, limit: number): void {
  let sent = 0;
  res.write(head);
  const pump = (): void => {
    while (sent < limit) {
      if (res.destroyed) break;
      sent += filler.length;
      if (!res.write(filler)) {
        res.once('drain', pump);
        written.set(route, sent);
        return;
      }
    }
    written.set(route, sent);
    res.end();
  };
  res.on('close', () => written.set(route, sent));
  pump();
}

const MIB = 1024 * 1024;
const CHUNK = 'x'.repeat(64 * 1024);

function handle(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  const route = req.url ?? '';
  if (route === '/sse/endless-line') {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    return endless(res, route, 'event: failure\ndata: ', CHUNK, 400 * MIB);
  }
  if (route === '/sse/unknown-field') {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(`event: failure\ndata: ${JSON.stringify({ reason: 'r', code: 'TIMEOUT', admin: true })}\n\n`);
    return;
  }
  if (route === '/signer/signature') {
    // A 50 MiB failure reason inside an otherwise well-formed 409.
    res.writeHead(409, { 'content-type': 'application/json' });
    return endless(
      res,
      route,
      '{"error":{"name":"TssError","code":"SESSION_FAILED","message":"x","details":{"failure":{"code":"X","reason":"',
      CHUNK,
      50 * MIB,
    );
  }
  if (route === '/user/tx') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        validator: 'v',
        partyId: 'group-0',
        sigHash: `0x${'00'.repeat(32)}`,
        accepted: true,
        constraints: [],
        extra: 'an unknown field',
      }),
    );
    return;
  }
  res.writeHead(404).end();
}

beforeAll(async () => {
  await cryptoWaitReady();
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const envelope: Envelope = {
  version: 1,
  senderAccount: new Uint8Array(32),
  senderX25519: new Uint8Array(32),
  recipientX25519: new Uint8Array(32),
  nonce: new Uint8Array(24),
  ciphertext: new Uint8Array(16),
  signature: new Uint8Array(64),
};

async function events(path: string): Promise<unknown> {
  const signer = sr25519Signer(sr25519PairFromSeed(new Uint8Array(32).fill(3)));
  const request = createSubscribeRequest({
    partyId: 'group-0',
    target: 'group-1',
    sessionId: new Uint8Array(32),
    signer,
  });
  // The route is the endpoint's path: subscribe() posts to /signer/subscribe_to_me under it.
  const fetchTo: typeof fetch = (_input, init) => fetch(`${url}${path}`, init);
  try {
    for await (const event of subscribe(url, request, { fetch: fetchTo })) void event;
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('lib/tss against a malicious server', () => {
  it('ends a stream whose data line never ends, having read little more than one event', async () => {
    const error = await events('/sse/endless-line');
    expect(error).toBeInstanceOf(TssClientError);
    expect(error).toMatchObject({ code: 'TSS_ANSWER_TOO_LARGE' });
    await expect.poll(() => written.get('/sse/endless-line')).toBeLessThan(MAX_EVENT_CHARS + 32 * MIB);
  });

  it('refuses an event with a field it does not know', async () => {
    expect(await events('/sse/unknown-field')).toMatchObject({ code: 'TSS_BAD_ANSWER' });
  });

  it('refuses a 50 MiB failure reason without buffering it', async () => {
    const error = await getSignature(url, { account: new Uint8Array(32), sigHash: new Uint8Array(32) }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'TSS_ANSWER_TOO_LARGE' });
    expect(JSON.stringify(error).length).toBeLessThan(4_096);
    await expect.poll(() => written.get('/signer/signature')).toBeLessThan(MAX_ANSWER_BYTES + 32 * MIB);
  });

  it('refuses a verdict with an unknown field', async () => {
    await expect(postUserTx(url, envelope)).rejects.toMatchObject({ code: 'TSS_BAD_ANSWER' });
  });

  it('refuses oversized and extra fields in a failure event', () => {
    const decode = (data: unknown) => () =>
      decodeSessionEvent({ event: 'failure', data: JSON.stringify(data), id: undefined }, url);
    expect(decode({ reason: 'r'.repeat(3_000), code: 'TIMEOUT' })).toThrow(/malformed failure/);
    expect(decode({ reason: 'r', code: 'TIMEOUT', missing: Array(100).fill('group-1') })).toThrow(
      /malformed failure/,
    );
    expect(decode({ reason: 'r', code: 'TIMEOUT', missing: ['group-1'] })()).toMatchObject({
      type: 'failure',
    });
  });

  it('takes an OT_STALE failure naming the stale party of its pair, and only that', () => {
    const decode = (data: unknown) => () =>
      decodeSessionEvent({ event: 'failure', data: JSON.stringify(data), id: undefined }, url);
    const stale = { reason: 'r', code: 'OT_STALE', pair: ['group-0', 'group-1'], stale: 'group-1' };
    expect(decode(stale)()).toMatchObject({ type: 'failure', failure: stale });
    expect(decode({ ...stale, stale: 'group-2' })).toThrow(/malformed failure/);
    expect(decode({ reason: 'r', code: 'OT_STALE', stale: 'group-1' })).toThrow(/malformed failure/);
  });
});

describe('the event size guard', () => {
  /** Which chunk (index) makes the guard throw, or -1: the longest event must pass, one more character not. */
  function firstRefused(chunks: string[], max: number): number {
    const guard = eventSizeGuard('http://127.0.0.1:1', max);
    return chunks.findIndex((chunk) => {
      try {
        guard(chunk);
        return false;
      } catch (error) {
        expect(error).toMatchObject({ code: 'TSS_ANSWER_TOO_LARGE' });
        return true;
      }
    });
  }

  it('counts an event across chunks and lines, ends it at a blank line (LF, CR or CRLF), not at one line end', () => {
    // Two events of 10 characters (data lines included, line ends not), each line end style.
    for (const eol of ['\n', '\r', '\r\n']) {
      const event = `data:ab${eol}dat${eol}${eol}`;
      const text = event + event;
      for (const size of [1, 2, 3, 7, text.length]) {
        const chunks = text.match(new RegExp(`[^]{1,${size}}`, 'g'))!;
        expect(firstRefused(chunks, 10), `${JSON.stringify(eol)} in chunks of ${size}`).toBe(-1);
        expect(firstRefused(chunks, 9)).toBeGreaterThanOrEqual(0);
      }
    }
    // CR then LF across chunks is one line end: no blank line, so the event goes on (3 + 3 > 5).
    expect(firstRefused(['abc\r', '\ndef'], 5)).toBe(1);
    // CR CR is a blank line: a new event.
    expect(firstRefused(['abc\r', '\rdef'], 5)).toBe(-1);
    // One line of 64 KiB in one chunk, as a frame arrives, against its exact bound.
    const line = `data: ${'A'.repeat(65_536)}`;
    expect(firstRefused([line, '\n\n', line], line.length)).toBe(-1);
    expect(firstRefused([line.slice(1), 'B', '\n\n'], line.length - 1)).toBe(1);
  });
});
