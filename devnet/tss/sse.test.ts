import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { EVENT_RECORDS_CONTENT_TYPE, EventRecordReader, sessionMeter, SUBSCRIBE_ACCEPT } from '../../lib/tss';
import { SseHub, wantsRecords } from './sse';

/** A response that keeps what is written to it, and its content type. */
function response(): ServerResponse & { text: () => string; bytes: () => Uint8Array; type?: string } {
  const chunks: (string | Uint8Array)[] = [];
  const res = Object.assign(new EventEmitter(), {
    type: undefined as string | undefined,
    writeHead: (_status: number, headers: Record<string, string>) => {
      res.type = headers['content-type'];
      return res;
    },
    flushHeaders: () => undefined,
    cork: () => undefined,
    uncork: () => undefined,
    write: (chunk: string | Uint8Array) => chunks.push(chunk) > 0,
    end: () => res.emit('close'),
    text: () => chunks.join(''),
    bytes: () => Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))),
  });
  return res as unknown as ServerResponse & { text: () => string; bytes: () => Uint8Array; type?: string };
}

/** The data lines of the events a late subscriber `as` gets replayed. */
function replayed(hub: SseHub, as: string): string[] {
  const res = response();
  hub.attach('s', as, res).end();
  return [...res.text().matchAll(/^data: (.*)$/gm)].map((m) => m[1]!);
}

describe('the SSE backlog', () => {
  it("forgets a member's frames of the rounds before the one it showed it reached, and nothing else", () => {
    const hub = new SseHub();
    const frame = (raw: string, to: string | null, round: number) =>
      hub.publish('s', to, { event: 'frame', raw }, round);
    hub.publish('s', null, { event: 'status', raw: 'status-1' });
    frame('r1-to-a', 'a', 1);
    frame('r1-to-b', 'b', 1);
    frame('r2-to-a', 'a', 2);
    frame('r2-to-b', 'b', 2);
    frame('r3-all', null, 3);

    hub.release('s', 'a', 2);
    expect(replayed(hub, 'a')).toEqual(['status-1', 'r2-to-a', 'r3-all']);
    // Another member's frames, broadcasts and other events stay.
    expect(replayed(hub, 'b')).toEqual(['status-1', 'r1-to-b', 'r2-to-b', 'r3-all']);

    hub.release('s', 'a', 3);
    hub.release('s', 'b', 2);
    expect(replayed(hub, 'a')).toEqual(['status-1', 'r3-all']);
    expect(replayed(hub, 'b')).toEqual(['status-1', 'r2-to-b', 'r3-all']);
    // An earlier round shown later changes nothing.
    hub.release('s', 'b', 1);
    expect(replayed(hub, 'b')).toEqual(['status-1', 'r2-to-b', 'r3-all']);
  });

  it('still sends a released frame to a subscriber attached when it was published', () => {
    const hub = new SseHub();
    const live = response();
    hub.attach('s', 'a', live);
    hub.publish('s', 'a', { event: 'frame', raw: 'r1-to-a' }, 1);
    hub.release('s', 'a', 2);
    expect(live.text()).toContain('data: r1-to-a\n');
    expect(replayed(hub, 'a')).toEqual([]);
  });
});

describe('the stream in binary records', () => {
  const frame = Uint8Array.from({ length: 40_000 }, (_, i) => (i * 13) & 0xff);
  const status = { partyId: 'v', state: 'running', round: 1, totalRounds: 3, waitingFor: [] };

  it('is what a subscriber asking for it gets, SSE otherwise', () => {
    expect(wantsRecords(SUBSCRIBE_ACCEPT)).toBe(true);
    expect(wantsRecords('text/event-stream')).toBe(false);
    expect(wantsRecords(undefined)).toBe(false);
  });

  it('carries a frame as its bytes, live and replayed, and never makes its base64 for it', () => {
    const hub = new SseHub();
    const live = response();
    hub.attach('s', 'a', live, true);
    const encoding = sessionMeter.encoding;
    hub.publish('s', null, { event: 'status', raw: JSON.stringify(status) });
    hub.publish('s', 'a', { event: 'frame', frame }, 1);
    const late = response();
    hub.attach('s', 'a', late, true);
    for (const res of [live, late]) {
      expect(res.type).toBe(EVENT_RECORDS_CONTENT_TYPE);
      expect(new EventRecordReader('s').push(res.bytes())).toEqual([
        { type: 'status', status },
        { type: 'frame', frame },
      ]);
    }
    expect(sessionMeter.encoding).toBe(encoding);
  });

  it('gives the SSE subscribers of the same session the frame as base64', () => {
    const hub = new SseHub();
    const binary = response();
    const sse = [response(), response()];
    hub.attach('s', 'a', binary, true);
    hub.attach('s', 'b', sse[0]!);
    hub.attach('s', 'c', sse[1]!);
    hub.publish('s', null, { event: 'frame', frame }, 1);
    for (const res of sse) {
      expect(res.type).toBe('text/event-stream');
      expect(res.text()).toBe(`event: frame\ndata: ${Buffer.from(frame).toString('base64')}\n\n`);
    }
    const [first, second] = sse.map((res) => res.text());
    expect(first).toBe(second);
    expect(new EventRecordReader('s').push(binary.bytes())).toEqual([{ type: 'frame', frame }]);
  });
});
