import type { ServerResponse } from 'node:http';
import {
  EVENT_RECORDS_CONTENT_TYPE,
  eventRecord,
  metered,
  RECORD_FRAME,
  RECORD_KEEP_ALIVE,
  recordHeader,
} from '../../lib/tss';

/**
 * One event of a session's stream: `event` names the kind; `data` goes as JSON, or `raw` as it is (JSON
 * text already made); a protocol frame as its bytes.
 */
export type SseEvent =
  { event: string; data: unknown } | { event: string; raw: string } | { event: 'frame'; frame: Uint8Array };

/**
 * An event in both of the stream's forms, each made once, when a subscriber first needs it, however
 * many subscribers get it: SSE text (a frame as base64) and binary records (lib/tss/events.ts, a frame as
 * it is).
 */
export class StreamEvent {
  private sseText?: string;
  private recordParts?: Uint8Array[];

  constructor(private readonly event: SseEvent) {}

  get text(): string {
    if (this.sseText === undefined) {
      const e = this.event;
      const data =
        'frame' in e
          ? metered('encoding', () =>
              Buffer.from(e.frame.buffer, e.frame.byteOffset, e.frame.length).toString('base64'),
            )
          : 'raw' in e
            ? e.raw
            : JSON.stringify(e.data);
      this.sseText = `event: ${e.event}\ndata: ${data}\n\n`;
    }
    return this.sseText;
  }

  get record(): Uint8Array[] {
    if (this.recordParts === undefined) {
      const e = this.event;
      this.recordParts =
        'frame' in e
          ? [recordHeader(RECORD_FRAME, e.frame.length), e.frame]
          : [eventRecord(e.event, 'raw' in e ? e.raw : JSON.stringify(e.data))];
    }
    return this.recordParts;
  }
}

const KEEP_ALIVE_RECORD = recordHeader(RECORD_KEEP_ALIVE, 0);

/**
 * A live stream to one subscriber, SSE or binary records. Events written before the subscriber
 * connected are replayed from the session's backlog by the caller, so a late subscriber misses nothing.
 */
export class SseStream {
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly res: ServerResponse,
    private readonly binary: boolean,
    onClose: () => void,
  ) {
    res.writeHead(200, {
      'content-type': binary ? EVENT_RECORDS_CONTENT_TYPE : 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    // Keep-alives keep idle proxies and clients from timing the stream out.
    this.heartbeat = setInterval(() => {
      if (!this.closed) res.write(binary ? KEEP_ALIVE_RECORD : ': keep-alive\n\n');
    }, 15_000);
    res.on('close', () => {
      this.closed = true;
      clearInterval(this.heartbeat);
      onClose();
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Writes one event in this stream's form. */
  send(event: StreamEvent): void {
    if (this.closed) return;
    if (!this.binary) {
      this.res.write(event.text);
      return;
    }
    // A frame's header and bytes as two writes in one packet: the bytes are not copied behind the header.
    this.res.cork();
    for (const part of event.record) this.res.write(part);
    process.nextTick(() => this.res.uncork());
  }

  end(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.res.end();
  }
}

/** Whether a subscriber's `accept` header asks for binary records rather than SSE. */
export function wantsRecords(accept: string | undefined): boolean {
  return accept?.split(',').some((type) => type.trim().startsWith(EVENT_RECORDS_CONTENT_TYPE)) ?? false;
}

/**
 * Routes events to subscribers by (session, subscriber). Each session keeps a backlog per recipient so
 * events published before a subscription (or before a broken stream's reconnection) are delivered when
 * it arrives; a point-to-point frame leaves it once its recipient showed it has it (`release`).
 */
export class SseHub {
  private readonly streams = new Map<string, Map<string, SseStream>>();
  private readonly backlog = new Map<string, { to: string | null; event: StreamEvent; round?: number }[]>();

  attach(sessionId: string, subscriber: string, res: ServerResponse, binary = false): SseStream {
    let bySubscriber = this.streams.get(sessionId);
    if (!bySubscriber) this.streams.set(sessionId, (bySubscriber = new Map()));
    bySubscriber.get(subscriber)?.end();
    const stream = new SseStream(res, binary, () => {
      if (bySubscriber.get(subscriber) === stream) bySubscriber.delete(subscriber);
    });
    bySubscriber.set(subscriber, stream);
    for (const entry of this.backlog.get(sessionId) ?? []) {
      if (entry.to === null || entry.to === subscriber) stream.send(entry.event);
    }
    return stream;
  }

  /**
   * Sends to one subscriber (`to`) or to all (`null`), and remembers it for later subscribers. `round`
   * marks a protocol frame of that round, which `release` may forget.
   */
  publish(sessionId: string, to: string | null, sseEvent: SseEvent, round?: number): void {
    let entries = this.backlog.get(sessionId);
    if (!entries) this.backlog.set(sessionId, (entries = []));
    const event = new StreamEvent(sseEvent);
    entries.push(round === undefined ? { to, event } : { to, event, round });
    for (const [subscriber, stream] of this.streams.get(sessionId) ?? []) {
      if (to === null || to === subscriber) stream.send(event);
    }
  }

  /**
   * Forgets the frames for `subscriber` alone of rounds before `round`: it sent a frame of `round`, which
   * a round machine computes only from every message of the round before (lib/protocol's RoundMachine),
   * so no reconnection of it needs them again. The backlog held every frame (tens of KiB each) until
   * the session was pruned, 100 blocks later.
   */
  release(sessionId: string, subscriber: string, round: number): void {
    const entries = this.backlog.get(sessionId);
    if (!entries?.some((e) => e.to === subscriber && e.round !== undefined && e.round < round)) return;
    this.backlog.set(
      sessionId,
      entries.filter((e) => e.to !== subscriber || e.round === undefined || e.round >= round),
    );
  }

  subscribers(sessionId: string): string[] {
    return [...(this.streams.get(sessionId)?.keys() ?? [])];
  }

  /** Ends every stream of a session and forgets its backlog. */
  close(sessionId: string): void {
    for (const stream of this.streams.get(sessionId)?.values() ?? []) stream.end();
    this.streams.delete(sessionId);
    this.backlog.delete(sessionId);
  }

  closeAll(): void {
    for (const sessionId of [...this.streams.keys()]) this.close(sessionId);
    this.backlog.clear();
  }
}
