import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { subscribeRequestToJson, frameFromText, encodeFrame, type SubscribeRequest } from '../wire';
import { base64ToBytes } from './client';
import { TssClientError } from './errors';
import { answerError, send, type RequestOptions } from './http';
import type { SessionEvent, SessionFailure, SessionStatus } from './types';

/**
 * Decodes one server-sent event; unknown event kinds are skipped (null) so servers can add kinds, but
 * a known kind with a bad body is an error: the stream is not to be trusted any more.
 */
export function decodeSessionEvent(message: EventSourceMessage, endpoint: string): SessionEvent | null {
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch (cause) {
    throw new TssClientError(`${endpoint} sent an event that is not JSON`, { code: 'TSS_BAD_ANSWER', cause });
  }
  const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const bad = (what: string): TssClientError =>
    new TssClientError(`${endpoint} sent a malformed ${what} event`, {
      code: 'TSS_BAD_ANSWER',
      details: { endpoint, event: what },
    });
  switch (message.event) {
    case 'frame':
      try {
        // Strict decode now (structure only); the receiver opens and verifies it with lib/wire.
        return { type: 'frame', frame: encodeFrame(frameFromText(record.frame)) };
      } catch {
        throw bad('frame');
      }
    case 'status':
      if (typeof record.state !== 'string' || typeof record.round !== 'number') throw bad('status');
      return { type: 'status', status: record as unknown as SessionStatus };
    case 'failure':
      if (typeof record.reason !== 'string' || typeof record.code !== 'string') throw bad('failure');
      return { type: 'failure', failure: record as unknown as SessionFailure };
    case 'signature': {
      const signature = typeof record.signature === 'string' ? base64ToBytes(record.signature) : undefined;
      if (!signature || signature.length !== 65) throw bad('signature');
      return { type: 'signature', signature };
    }
    case 'registered':
      if (typeof record.verifyingKey !== 'string' || !/^0x[0-9a-f]{66}$/.test(record.verifyingKey)) {
        throw bad('registered');
      }
      return { type: 'registered', verifyingKey: record.verifyingKey as `0x${string}` };
    case 'ot-ready':
      return { type: 'ot-ready' };
    default:
      return null;
  }
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
    accept: 'text/event-stream',
  });
  if (!response.ok) throw await answerError(response, endpoint, path);
  if (!response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
    throw new TssClientError(`${endpoint}${path} did not answer with an event stream`, {
      code: 'TSS_BAD_ANSWER',
      details: { endpoint, path },
    });
  }
  const queue: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => queue.push(event) });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const onAbort = (): void => void reader.cancel().catch(() => undefined);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      while (queue.length) {
        const event = decodeSessionEvent(queue.shift() as EventSourceMessage, endpoint);
        if (event) yield event;
      }
      let chunk: ReadableStreamReadResult<string>;
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
      if (chunk.done) return;
      parser.feed(chunk.value);
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await reader.cancel().catch(() => undefined);
  }
}
