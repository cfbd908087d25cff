import { exceeds } from './bounded';
import { isResponse, parseRequestEnvelope, type RequestEnvelope, type ServerEnvelope } from './envelope';
import { createMessageClient, type MessageClient } from './client';
import { InvalidRequest, TooManyPageRequests } from './errors';

/**
 * What the content script forwards from a page: every page request is small (the largest, a transaction or
 * typed data, is limited to 128 KiB by its handler); bigger or deeper ones stop here, before they reach
 * (and are parsed by) the service worker.
 */
export const PAGE_MESSAGE_BOUNDS = { maxBytes: 1024 * 1024, maxDepth: 64 };
/** Unanswered requests one page may have: each holds memory in the worker until it is answered. */
export const MAX_PAGE_REQUESTS_IN_FLIGHT = 64;

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
  const inFlight = new Set<string>();
  const deliver = (envelope: ServerEnvelope): void => {
    if (isResponse(envelope)) inFlight.delete(envelope.id);
    win.postMessage({ ...envelope, source: CONTENT_SOURCE }, '*');
  };
  win.addEventListener('message', (event) => {
    if (event.source !== win) return;
    const data = tagged(event.data, PAGE_SOURCE);
    if (!data) return;
    // Without a usable id no answer could reach the page: drop it.
    if (typeof data.id !== 'string' || data.id.length === 0 || data.id.length > 64) return;
    const id = data.id;
    try {
      const { method, params } = parseRequestEnvelope({ id, method: data.method, params: data.params });
      const excess = exceeds(params, PAGE_MESSAGE_BOUNDS);
      if (excess) {
        throw new InvalidRequest(
          excess === 'size'
            ? `The request is larger than ${PAGE_MESSAGE_BOUNDS.maxBytes} bytes`
            : `The request is nested more than ${PAGE_MESSAGE_BOUNDS.maxDepth} levels deep`,
          { details: { id, method } },
        );
      }
      if (inFlight.size >= MAX_PAGE_REQUESTS_IN_FLIGHT) {
        throw new TooManyPageRequests(
          `This page has ${MAX_PAGE_REQUESTS_IN_FLIGHT} requests waiting for an answer already`,
          { details: { id, method } },
        );
      }
      inFlight.add(id);
      forward({ id, method, params });
    } catch (error) {
      deliver({ id, error: (error as InvalidRequest).toJSON() });
    }
  });
  return { deliver };
}
