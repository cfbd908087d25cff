import type { RequestEnvelope, ServerEnvelope } from './envelope';
import { createMessageClient, type MessageClient } from './client';

/** Tags on window messages, so the bridge ignores the page's unrelated postMessage traffic. */
export const PAGE_SOURCE = 'entropy-wallet:page';
export const CONTENT_SOURCE = 'entropy-wallet:content';

/** The part of `window` the bridge needs. */
export interface WindowLike {
  postMessage(message: unknown, targetOrigin: string): void;
  addEventListener(type: 'message', listener: (event: { source: unknown; data: unknown }) => void): void;
}

function tagged(data: unknown, source: string): Record<string, unknown> | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  return record.source === source ? record : undefined;
}

/** Page side (inpage script): requests travel to the content script as window messages. */
export function createWindowClient(win: WindowLike): MessageClient {
  const client = createMessageClient((envelope: RequestEnvelope) =>
    win.postMessage({ ...envelope, source: PAGE_SOURCE }, '*'),
  );
  win.addEventListener('message', (event) => {
    if (event.source !== win) return;
    const data = tagged(event.data, CONTENT_SOURCE);
    if (data) client.receive(data as unknown as ServerEnvelope);
  });
  return client;
}

/**
 * Content script side: relays the page's requests to `forward` and posts answers back.
 * Only messages from this very window count; the page's claims about itself are stripped — the background
 * learns the origin from the browser.
 */
export function bridgePageRequests(
  win: WindowLike,
  forward: (envelope: RequestEnvelope) => void,
): {
  deliver(envelope: ServerEnvelope): void;
} {
  win.addEventListener('message', (event) => {
    if (event.source !== win) return;
    const data = tagged(event.data, PAGE_SOURCE);
    if (!data) return;
    forward({ id: data.id as string, method: data.method as string, params: data.params });
  });
  return {
    deliver(envelope) {
      win.postMessage({ ...envelope, source: CONTENT_SOURCE }, '*');
    },
  };
}
