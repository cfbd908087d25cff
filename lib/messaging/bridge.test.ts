import { describe, expect, it } from 'vitest';
import { Disconnected, InvalidRequest } from './errors';
import { createRouter } from './router';
import { connectPortClient, servePort, type PortLike } from './port';
import { bridgePageRequests, createWindowClient, type WindowLike } from './window';

/** Two connected in-memory ports, delivering asynchronously like the browser does. */
function portPair(): [PortLike & { disconnect(): void }, PortLike] {
  const listeners: [((m: unknown) => void)[], ((m: unknown) => void)[]] = [[], []];
  const disconnects: [(() => void)[], (() => void)[]] = [[], []];
  const make = (me: 0 | 1): PortLike => ({
    postMessage: (message) =>
      queueMicrotask(() => listeners[1 - me]!.forEach((l) => l(structuredClone(message)))),
    onMessage: { addListener: (l) => listeners[me].push(l) },
    onDisconnect: { addListener: (l) => disconnects[me].push(l) },
  });
  const a = make(0);
  return [{ ...a, disconnect: () => disconnects[0].forEach((l) => l()) }, make(1)];
}

function fakeWindow(): WindowLike & { receiveFrom(source: unknown, data: unknown): void } {
  const listeners: ((event: { source: unknown; data: unknown }) => void)[] = [];
  const win = {
    postMessage: (data: unknown) => queueMicrotask(() => win.receiveFrom(win, structuredClone(data))),
    addEventListener: (_type: 'message', listener: (typeof listeners)[number]) => listeners.push(listener),
    receiveFrom: (source: unknown, data: unknown) => listeners.forEach((l) => l({ source, data })),
  };
  return win;
}

const router = createRouter({
  'pub(wallet.status)': (_p, context) => ({
    name: 'W',
    version: '1',
    origin: context.origin,
  }),
  'pri(settings.update)': () => {
    throw new InvalidRequest('nope');
  },
});

describe('page → content → background round trip', () => {
  it('answers a page request through the window bridge and a runtime port', async () => {
    const win = fakeWindow();
    const [contentEnd, backgroundEnd] = portPair();
    servePort(backgroundEnd, { sender: 'page', origin: 'http://127.0.0.1:5173' }, router);
    const bridge = bridgePageRequests(win, (envelope) => contentEnd.postMessage(envelope));
    contentEnd.onMessage.addListener((m) => bridge.deliver(m as never));

    const page = createWindowClient(win);
    await expect(page.request('pub(wallet.status)')).resolves.toMatchObject({
      origin: 'http://127.0.0.1:5173',
    });
  });

  it('ignores window messages that come from another window', async () => {
    const win = fakeWindow();
    const forwarded: unknown[] = [];
    bridgePageRequests(win, (e) => forwarded.push(e));
    // As an iframe (another window) posting into this page would.
    win.receiveFrom(fakeWindow(), { source: 'entropy-wallet:page', id: '1', method: 'pub(wallet.status)' });
    win.postMessage({ source: 'entropy-wallet:page', id: '2', method: 'pub(wallet.status)' }, '*');
    await new Promise((r) => setTimeout(r, 0));
    expect(forwarded).toEqual([{ id: '2', method: 'pub(wallet.status)', params: undefined }]);
  });

  it('answers an oversized, too deeply nested or malformed page message itself, forwarding nothing', async () => {
    const win = fakeWindow();
    const forwarded: unknown[] = [];
    bridgePageRequests(win, (e) => forwarded.push(e));
    let deep: unknown = 1;
    for (let i = 0; i < 1_000; i++) deep = [deep];
    const bad = [
      { id: 'big', method: 'pub(eth.request)', params: { data: 'x'.repeat(2 * 1024 * 1024) } },
      { id: 'deep', method: 'pub(eth.request)', params: deep },
      { id: 'x'.repeat(100), method: 'pub(eth.request)' },
      { id: 'nomethod', method: 42 },
    ];
    const answers: unknown[] = [];
    win.addEventListener('message', (event) => {
      const data = event.data as { source?: string };
      if (data.source === 'entropy-wallet:content') answers.push(data);
    });
    for (const message of bad) win.postMessage({ ...message, source: 'entropy-wallet:page' }, '*');
    await new Promise((r) => setTimeout(r, 10));
    expect(forwarded).toEqual([]);
    expect(answers).toEqual([
      expect.objectContaining({ id: 'big', error: expect.objectContaining({ code: 'INVALID_REQUEST' }) }),
      expect.objectContaining({ id: 'deep', error: expect.objectContaining({ code: 'INVALID_REQUEST' }) }),
      expect.objectContaining({
        id: 'nomethod',
        error: expect.objectContaining({ code: 'INVALID_REQUEST' }),
      }),
    ]);
  });

  it('forwards at most 64 unanswered requests of a page at once', async () => {
    const win = fakeWindow();
    const forwarded: { id: string }[] = [];
    const bridge = bridgePageRequests(win, (e) => forwarded.push(e));
    for (let i = 0; i < 100; i++) {
      win.postMessage({ source: 'entropy-wallet:page', id: `r${i}`, method: 'pub(wallet.status)' }, '*');
    }
    await new Promise((r) => setTimeout(r, 10));
    expect(forwarded).toHaveLength(64);
    bridge.deliver({ id: 'r0', result: null });
    win.postMessage({ source: 'entropy-wallet:page', id: 'again', method: 'pub(wallet.status)' }, '*');
    await new Promise((r) => setTimeout(r, 10));
    expect(forwarded.at(-1)?.id).toBe('again');
  });

  it('rejects with the typed error the background threw', async () => {
    const [client, server] = portPair();
    servePort(server, { sender: 'popup', origin: 'chrome-extension://x' }, router);
    await expect(connectPortClient(client).request('pri(settings.update)', {})).rejects.toBeInstanceOf(
      InvalidRequest,
    );
  });

  it('fails pending requests when the port disconnects instead of hanging', async () => {
    const [client] = portPair();
    const messages = connectPortClient(client);
    const pending = messages.request('pub(wallet.status)');
    client.disconnect();
    await expect(pending).rejects.toBeInstanceOf(Disconnected);
  });

  it('delivers subscription events on the request id until unsubscribed', async () => {
    const [client, server] = portPair();
    const streaming = createRouter({
      'pub(wallet.status)': (_p, context) => {
        context.emit({ n: 1 });
        context.emit({ n: 2 });
        return { name: 'W', version: '1', origin: context.origin };
      },
    });
    servePort(server, { sender: 'page', origin: 'https://a.example' }, streaming);
    const events: unknown[] = [];
    const subscription = connectPortClient(client).subscribe('pub(wallet.status)', undefined, (e) =>
      events.push(e),
    );
    await subscription.result;
    expect(events).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
