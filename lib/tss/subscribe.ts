import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { subscribeRequestToJson, type SubscribeRequest } from '../wire';
import { TssClientError } from './errors';
import { decodeSessionEvent, eventSizeGuard, EventRecordReader, EVENT_RECORDS_CONTENT_TYPE } from './events';
import { answerError, send, type RequestOptions } from './http';
import type { SessionEvent } from './types';

/** What a subscriber asks for: the binary records, or SSE from a server that has only that. */
export const SUBSCRIBE_ACCEPT = `${EVENT_RECORDS_CONTENT_TYPE}, text/event-stream;q=0.5`;

/**
 * An incremental decoder of a stream's body by its content type: binary records (`events.ts`) or SSE.
 * Null for anything else.
 */
export function streamDecoder(
  contentType: string | undefined | null,
  endpoint: string,
): { push(chunk: Uint8Array): SessionEvent[]; end(): void } | null {
  if (contentType?.startsWith(EVENT_RECORDS_CONTENT_TYPE)) return new EventRecordReader(endpoint);
  if (!contentType?.startsWith('text/event-stream')) return null;
  const queue: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => queue.push(event) });
  const guard = eventSizeGuard(endpoint);
  const text = new TextDecoder();
  return {
    push(chunk) {
      const decoded = text.decode(chunk, { stream: true });
      guard(decoded);
      parser.feed(decoded);
      const events: SessionEvent[] = [];
      for (const message of queue.splice(0)) {
        const event = decodeSessionEvent(message, endpoint);
        if (event) events.push(event);
      }
      return events;
    },
    end() {},
  };
}

/**
 * `POST /signer/subscribe_to_me`: opens a committee member's event stream for one session and yields
 * its decoded events until the server ends the stream or `signal` aborts.
 */
export async function* subscribe(
  endpoint: string,
  request: SubscribeRequest,
  opts: RequestOptions = {},
): AsyncGenerator<SessionEvent, void, undefined> {
  const path = '/signer/subscribe_to_me';
  const response = await send(endpoint, path, subscribeRequestToJson(request), {
    ...opts,
    accept: SUBSCRIBE_ACCEPT,
  });
  if (!response.ok) throw await answerError(response, endpoint, path);
  const decoder = response.body ? streamDecoder(response.headers.get('content-type'), endpoint) : null;
  if (!response.body || !decoder) {
    throw new TssClientError(`${endpoint}${path} did not answer with an event stream`, {
      code: 'TSS_BAD_ANSWER',
      details: { endpoint, path },
    });
  }
  const reader = response.body.getReader();
  const onAbort = (): void => void reader.cancel().catch(() => undefined);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (cause) {
        if (opts.signal?.aborted) return;
        throw new TssClientError(`Stream from ${endpoint} broke`, {
          code: 'TSS_UNREACHABLE',
          details: { endpoint },
          cause,
        });
      }
      if (chunk.done) {
        if (opts.signal?.aborted) return;
        decoder.end();
        return;
      }
      yield* decoder.push(chunk.value);
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await reader.cancel().catch(() => undefined);
  }
}
