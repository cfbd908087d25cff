import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { frameBytesFromText, subscribeRequestToJson, type SubscribeRequest } from '../wire';
import { base64ToBytes } from './client';
import { TssClientError } from './errors';
import { metered } from './meter';
import { answerError, send, type RequestOptions } from './http';
import { isPartyId, isPartyList, isRound, parseFailure, strict } from './answers';
import type { SessionEvent, SessionStatus } from './types';

/**
 * Largest event a server may send (its `data` lines and fields together): a frame event carries at most
 * one frame (about 1.4 MB in base64). Anything longer — an endless line included — ends the stream.
 */
export const MAX_EVENT_CHARS = 2 * 1024 * 1024;

const STATES = ['pending', 'running', 'done', 'failed'];

/**
 * Decodes one server-sent event; unknown event kinds are skipped (null) so servers can add kinds, but
 * a known kind with a bad body (a missing, extra or oversized field) is an error: the stream is not to
 * be trusted any more.
 */
export function decodeSessionEvent(message: EventSourceMessage, endpoint: string): SessionEvent | null {
  if (message.event === 'frame') {
    // The data is the frame's base64 as it is (no JSON around it); the receiver decodes and verifies
    // the bytes once, with lib/wire's openFrame.
    try {
      return { type: 'frame', frame: metered('encoding', () => frameBytesFromText(message.data)) };
    } catch {
      throw new TssClientError(`${endpoint} sent a malformed frame event`, {
        code: 'TSS_BAD_ANSWER',
        details: { endpoint, event: 'frame' },
      });
    }
  }
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch (cause) {
    throw new TssClientError(`${endpoint} sent an event that is not JSON`, { code: 'TSS_BAD_ANSWER', cause });
  }
  const bad = (what: string): TssClientError =>
    new TssClientError(`${endpoint} sent a malformed ${what} event`, {
      code: 'TSS_BAD_ANSWER',
      details: { endpoint, event: what },
    });
  switch (message.event) {
    case 'status': {
      const r = strict(data, ['partyId', 'state', 'round', 'totalRounds', 'waitingFor']);
      if (
        !r ||
        !isPartyId(r.partyId) ||
        !STATES.includes(r.state as string) ||
        !isRound(r.round) ||
        !isRound(r.totalRounds) ||
        !isPartyList(r.waitingFor)
      ) {
        throw bad('status');
      }
      return { type: 'status', status: r as unknown as SessionStatus };
    }
    case 'failure': {
      const failure = parseFailure(data);
      if (!failure) throw bad('failure');
      return { type: 'failure', failure };
    }
    case 'signature': {
      const r = strict(data, ['signature']);
      const text = r?.signature;
      const signature =
        typeof text === 'string' && /^[A-Za-z0-9+/]{87}=$/.test(text) ? base64ToBytes(text) : undefined;
      if (!signature || signature.length !== 65) throw bad('signature');
      return { type: 'signature', signature };
    }
    case 'registered': {
      const r = strict(data, ['verifyingKey']);
      if (typeof r?.verifyingKey !== 'string' || !/^0x[0-9a-f]{66}$/.test(r.verifyingKey)) {
        throw bad('registered');
      }
      return { type: 'registered', verifyingKey: r.verifyingKey as `0x${string}` };
    }
    case 'ot-ready': {
      const r = strict(data, [], ['pair']);
      if (!r || (r.pair !== undefined && !(isPartyList(r.pair) && r.pair.length === 2)))
        throw bad('ot-ready');
      return { type: 'ot-ready' };
    }
    default:
      return null;
  }
}

/**
 * Counts the characters of the event being received (line ends excluded), across chunks, and throws
 * once it passes `max`: the parser would otherwise buffer an endless line or event whole.
 */
export function eventSizeGuard(endpoint: string, max = MAX_EVENT_CHARS): (chunk: string) => void {
  let size = 0;
  let lineEnds = 0;
  let afterCR = false;
  const lineEnd = /[\r\n]/g;
  return (chunk) => {
    for (let i = 0; i < chunk.length;) {
      lineEnd.lastIndex = i;
      const end = lineEnd.exec(chunk)?.index ?? chunk.length;
      // The characters up to the next line end, counted at once: a frame event is one line of tens of
      // thousands (a per-character loop here cost more than decoding the frame).
      if (end > i) {
        afterCR = false;
        lineEnds = 0;
        size += end - i;
        if (size > max) {
          throw new TssClientError(`${endpoint} sent an event longer than ${max} characters`, {
            code: 'TSS_ANSWER_TOO_LARGE',
            details: { endpoint, maxChars: max },
          });
        }
      }
      if (end === chunk.length) return;
      if (chunk.charCodeAt(end) === 10 && afterCR) {
        afterCR = false;
      } else {
        afterCR = chunk.charCodeAt(end) === 13;
        // A blank line ends the event.
        if (++lineEnds >= 2) size = 0;
      }
      i = end + 1;
    }
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
  const guard = eventSizeGuard(endpoint);
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
      guard(chunk.value);
      parser.feed(chunk.value);
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await reader.cancel().catch(() => undefined);
  }
}
