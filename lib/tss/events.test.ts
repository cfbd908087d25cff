import { describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES } from '../wire';
import { EventRecordReader, eventRecord, RECORD_FRAME, RECORD_KEEP_ALIVE, recordHeader } from './events';
import { TssClientError } from './errors';
import type { SessionEvent } from './types';

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
};
const frameRecord = (frame: Uint8Array) => concat(recordHeader(RECORD_FRAME, frame.length), frame);
const status = { partyId: 'a', state: 'running', round: 1, totalRounds: 3, waitingFor: ['b'] };

function thrown(fn: () => unknown): TssClientError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TssClientError);
    return error as TssClientError;
  }
  throw new Error('did not throw');
}

describe('binary event records', () => {
  const frame = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff);
  const stream = concat(
    recordHeader(RECORD_KEEP_ALIVE, 0),
    eventRecord('status', JSON.stringify(status)),
    frameRecord(frame),
    // A record of a type this reader does not know is skipped, as unknown SSE kinds are.
    concat(recordHeader(9, 3), new Uint8Array([1, 2, 3])),
    eventRecord('unknown-kind', '{}'),
    eventRecord('ot-ready', '{}'),
  );
  const expected: SessionEvent[] = [
    { type: 'status', status: status as never },
    { type: 'frame', frame },
    { type: 'ot-ready' },
  ];

  it('reads the same events however the chunks cut the records', () => {
    for (const size of [1, 2, 4, 5, 6, 97, 2999, 3005, stream.length]) {
      const reader = new EventRecordReader('s');
      const events: SessionEvent[] = [];
      for (let at = 0; at < stream.length; at += size)
        events.push(...reader.push(stream.subarray(at, at + size)));
      reader.end();
      expect(events, `chunks of ${size}`).toEqual(expected);
    }
  });

  it('gives frames as plain arrays, also from Node Buffers (whose slice would share memory)', () => {
    const [event] = new EventRecordReader('s').push(Buffer.from(frameRecord(frame)));
    const got = (event as { frame: Uint8Array }).frame;
    expect(Buffer.isBuffer(got)).toBe(false);
    expect(got).toEqual(frame);
  });

  it('refuses a record longer than its bound at its header, before buffering any of it', () => {
    const reader = new EventRecordReader('s', 1000);
    const error = thrown(() => reader.push(recordHeader(RECORD_FRAME, 1001)));
    expect(error.code).toBe('TSS_ANSWER_TOO_LARGE');
    expect(new EventRecordReader('s').push(frameRecord(new Uint8Array(1000).fill(1)))).toHaveLength(1);
  });

  it('refuses malformed records with a typed error', () => {
    const bad = (bytes: Uint8Array) => thrown(() => new EventRecordReader('s').push(bytes)).code;
    expect(bad(recordHeader(RECORD_FRAME, 0))).toBe('TSS_BAD_ANSWER');
    expect(bad(frameRecord(new Uint8Array(MAX_FRAME_BYTES + 1)))).toBe('TSS_BAD_ANSWER');
    // An event record: no name, a name longer than the body, data that is not UTF-8 or not JSON, a
    // frame as base64 in an event record, a known event with a bad body.
    expect(bad(concat(recordHeader(2, 3), new Uint8Array([0, 123, 125])))).toBe('TSS_BAD_ANSWER');
    expect(bad(concat(recordHeader(2, 3), new Uint8Array([9, 97, 97])))).toBe('TSS_BAD_ANSWER');
    const notUtf8 = eventRecord('status', '{}');
    notUtf8[notUtf8.length - 1] = 0xff;
    expect(bad(notUtf8)).toBe('TSS_BAD_ANSWER');
    expect(bad(eventRecord('status', '{'))).toBe('TSS_BAD_ANSWER');
    expect(bad(eventRecord('frame', JSON.stringify('AAAA')))).toBe('TSS_BAD_ANSWER');
    expect(bad(eventRecord('status', JSON.stringify({ ...status, extra: 1 })))).toBe('TSS_BAD_ANSWER');
  });

  it('says the stream broke when it ends inside a record, and nothing when it ends between two', () => {
    const record = frameRecord(frame);
    for (const cut of [1, 4, 5, 100]) {
      const reader = new EventRecordReader('s');
      reader.push(record.subarray(0, cut));
      expect(thrown(() => reader.end()).code).toBe('TSS_UNREACHABLE');
    }
    const reader = new EventRecordReader('s');
    reader.push(record);
    expect(() => reader.end()).not.toThrow();
  });
});
