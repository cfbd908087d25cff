import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { SseHub } from './sse';

/** A response that keeps what is written to it. */
function response(): ServerResponse & { text: () => string } {
  const chunks: string[] = [];
  const res = Object.assign(new EventEmitter(), {
    writeHead: () => res,
    flushHeaders: () => undefined,
    write: (chunk: string) => chunks.push(chunk) > 0,
    end: () => res.emit('close'),
    text: () => chunks.join(''),
  });
  return res as unknown as ServerResponse & { text: () => string };
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
