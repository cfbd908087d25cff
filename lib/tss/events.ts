import type { EventSourceMessage } from 'eventsource-parser';
import { frameBytesFromText, MAX_FRAME_BYTES } from '../wire';
import { base64ToBytes } from './client';
import { TssClientError } from './errors';
import { metered } from './meter';
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
 * The binary form of a session's event stream, which `POST /signer/subscribe_to_me` sends to a
 * subscriber that accepts `application/octet-stream` (SSE to any other): records of
 * `type u8 ‖ length u32 (big-endian) ‖ body`. A frame's body is the frame's bytes as they are, where SSE
 * carries them as base64 text, a third longer, encoded by the server and decoded by every receiver; any
 * other event's body is `name length u8 ‖ name (ASCII) ‖ data (JSON, UTF-8)`, read as the SSE event of
 * that name. A keep-alive is a record of type 0 with no body; a record of an unknown type is skipped.
 */
export const EVENT_RECORDS_CONTENT_TYPE = 'application/octet-stream';
export const RECORD_KEEP_ALIVE = 0;
export const RECORD_FRAME = 1;
export const RECORD_EVENT = 2;
export const RECORD_HEADER_BYTES = 5;

/** A record's header, written before its body (the body goes out as it is, not copied behind it). */
export function recordHeader(type: number, length: number): Uint8Array {
  const header = new Uint8Array(RECORD_HEADER_BYTES);
  header[0] = type;
  new DataView(header.buffer).setUint32(1, length);
  return header;
}

/** A named event's record: header and body in one array. */
export function eventRecord(name: string, json: string): Uint8Array {
  if (!/^[a-z-]{1,32}$/.test(name)) throw new RangeError(`Event name "${name.slice(0, 40)}" is not a-z or -`);
  const data = new TextEncoder().encode(json);
  const length = 1 + name.length + data.length;
  const record = new Uint8Array(RECORD_HEADER_BYTES + length);
  record.set(recordHeader(RECORD_EVENT, length));
  record[RECORD_HEADER_BYTES] = name.length;
  for (let i = 0; i < name.length; i++) record[RECORD_HEADER_BYTES + 1 + i] = name.charCodeAt(i);
  record.set(data, RECORD_HEADER_BYTES + 1 + name.length);
  return record;
}

/**
 * Reads a record stream chunk by chunk, however its chunks cut the records, and decodes each whole
 * record as `decodeSessionEvent` decodes an SSE event. A record announced longer than `max` bytes ends
 * the stream before any of it is buffered; a malformed one too (the stream is not to be trusted any more).
 */
export class EventRecordReader {
  private readonly header = new Uint8Array(RECORD_HEADER_BYTES);
  private headerFill = 0;
  private type = 0;
  private body: Uint8Array | null = null;
  private bodyFill = 0;

  constructor(
    private readonly endpoint: string,
    private readonly max = MAX_EVENT_CHARS,
  ) {}

  /** The events the records completed by `chunk` hold, in order. */
  push(input: Uint8Array): SessionEvent[] {
    // A plain view of a Node Buffer: a Buffer's `slice` shares its memory, where decoders expect a copy.
    const chunk = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    const events: SessionEvent[] = [];
    let at = 0;
    while (at < chunk.length) {
      if (this.body === null) {
        const take = Math.min(RECORD_HEADER_BYTES - this.headerFill, chunk.length - at);
        this.header.set(chunk.subarray(at, at + take), this.headerFill);
        this.headerFill += take;
        at += take;
        if (this.headerFill < RECORD_HEADER_BYTES) break;
        this.type = this.header[0]!;
        const length = new DataView(this.header.buffer).getUint32(1);
        if (length > this.max) {
          throw new TssClientError(`${this.endpoint} sent an event longer than ${this.max} bytes`, {
            code: 'TSS_ANSWER_TOO_LARGE',
            details: { endpoint: this.endpoint, maxBytes: this.max },
          });
        }
        this.headerFill = 0;
        // A body that this chunk holds whole is read in place; one cut by the chunk is gathered.
        if (chunk.length - at >= length) {
          this.emit(chunk.subarray(at, at + length), events);
          at += length;
          continue;
        }
        this.body = new Uint8Array(length);
        this.bodyFill = 0;
      }
      const take = Math.min(this.body.length - this.bodyFill, chunk.length - at);
      this.body.set(chunk.subarray(at, at + take), this.bodyFill);
      this.bodyFill += take;
      at += take;
      if (this.bodyFill === this.body.length) {
        const body = this.body;
        this.body = null;
        this.emit(body, events);
      }
    }
    return events;
  }

  /** The stream ended: a record cut short means it broke. */
  end(): void {
    if (this.headerFill > 0 || this.body !== null) {
      throw new TssClientError(`Stream from ${this.endpoint} ended inside an event`, {
        code: 'TSS_UNREACHABLE',
        details: { endpoint: this.endpoint },
      });
    }
  }

  private emit(body: Uint8Array, events: SessionEvent[]): void {
    if (this.type === RECORD_FRAME) {
      if (body.length === 0 || body.length > MAX_FRAME_BYTES) throw this.bad('frame');
      events.push({ type: 'frame', frame: body });
    } else if (this.type === RECORD_EVENT) {
      const nameLength = body[0] ?? 0;
      if (nameLength === 0 || body.length < 1 + nameLength) throw this.bad('event');
      let data: string;
      try {
        data = new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(1 + nameLength));
      } catch {
        throw this.bad('event');
      }
      const message: EventSourceMessage = {
        id: undefined,
        event: String.fromCharCode(...body.subarray(1, 1 + nameLength)),
        data,
      };
      // A frame goes as a frame record, never as base64 in an event record.
      if (message.event === 'frame') throw this.bad('frame');
      const event = decodeSessionEvent(message, this.endpoint);
      if (event) events.push(event);
    }
  }

  private bad(what: string): TssClientError {
    return new TssClientError(`${this.endpoint} sent a malformed ${what} record`, {
      code: 'TSS_BAD_ANSWER',
      details: { endpoint: this.endpoint, event: what },
    });
  }
}
