import type { ServerResponse } from 'node:http';

/**
 * One server-sent event: `event` names the kind; `data` goes as JSON, or `raw` as it is (one line of
 * text, e.g. a frame's base64, which needs no JSON around it).
 */
export type SseEvent = { event: string; data: unknown } | { event: string; raw: string };

/** The event as it goes on the stream, made once however many subscribers get it. */
function eventText(event: SseEvent): string {
  const data = 'raw' in event ? event.raw : JSON.stringify(event.data);
  return `event: ${event.event}\ndata: ${data}\n\n`;
}

/**
 * A live SSE stream to one subscriber. Events written before the subscriber connected are replayed from
 * the session's backlog by the caller, so a late subscriber misses nothing.
 */
export class SseStream {
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly res: ServerResponse,
    onClose: () => void,
  ) {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    // Comments keep idle proxies and clients from timing the stream out.
    this.heartbeat = setInterval(() => this.writeRaw(': keep-alive\n\n'), 15_000);
    res.on('close', () => {
      this.closed = true;
      clearInterval(this.heartbeat);
      onClose();
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Writes one event, as `eventText` made it. */
  send(text: string): void {
    this.writeRaw(text);
  }

  end(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.res.end();
  }

  private writeRaw(text: string): void {
    if (!this.closed) this.res.write(text);
  }
}

/**
 * Routes events to subscribers by (session, subscriber). Each session keeps a backlog per recipient so
 * events published before a subscription (or before a broken stream's reconnection) are delivered when
 * it arrives; a point-to-point frame leaves it once its recipient showed it has it (`release`).
 */
export class SseHub {
  private readonly streams = new Map<string, Map<string, SseStream>>();
  private readonly backlog = new Map<string, { to: string | null; text: string; round?: number }[]>();

  attach(sessionId: string, subscriber: string, res: ServerResponse): SseStream {
    let bySubscriber = this.streams.get(sessionId);
    if (!bySubscriber) this.streams.set(sessionId, (bySubscriber = new Map()));
    bySubscriber.get(subscriber)?.end();
    const stream = new SseStream(res, () => {
      if (bySubscriber.get(subscriber) === stream) bySubscriber.delete(subscriber);
    });
    bySubscriber.set(subscriber, stream);
    for (const entry of this.backlog.get(sessionId) ?? []) {
      if (entry.to === null || entry.to === subscriber) stream.send(entry.text);
    }
    return stream;
  }

  /**
   * Sends to one subscriber (`to`) or to all (`null`), and remembers it for later subscribers. `round`
   * marks a protocol frame of that round, which `release` may forget.
   */
  publish(sessionId: string, to: string | null, event: SseEvent, round?: number): void {
    let entries = this.backlog.get(sessionId);
    if (!entries) this.backlog.set(sessionId, (entries = []));
    const text = eventText(event);
    entries.push(round === undefined ? { to, text } : { to, text, round });
    for (const [subscriber, stream] of this.streams.get(sessionId) ?? []) {
      if (to === null || to === subscriber) stream.send(text);
    }
  }

  /**
   * Forgets the frames for `subscriber` alone of rounds before `round`: it sent a frame of `round`, which
   * a round machine computes only from every message of the round before (lib/protocol's RoundMachine),
   * so no reconnection of it needs them again. The backlog held every frame's text (tens of KiB each)
   * until the session was pruned, 100 blocks later.
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
