import { describe, expect, it, vi } from 'vitest';
import type { KeyShare, OutgoingMessage } from '../../lib/protocol';
import { outgoingHook, signingShare } from './misbehave';

/** A payload laid out like lib/protocol's: version, kind, round, u32 session length + id, sender, recipient flag. */
function payload(round: number): Uint8Array {
  const sessionId = new Uint8Array(32).fill(5);
  const sender = new TextEncoder().encode('group-0');
  const body = new Uint8Array([0xaa, 0xbb]);
  return new Uint8Array([1, 2, round, 0, 0, 0, 32, ...sessionId, sender.length, ...sender, 0, ...body]);
}

describe('fault injection', () => {
  const messages: OutgoingMessage[] = [
    { to: null, round: 1, payload: payload(1) },
    { to: 'group-1', round: 2, payload: payload(2) },
  ];

  it('honest servers send their messages unchanged', () => {
    expect(outgoingHook(undefined, 1000)).toBeUndefined();
  });

  it('drop sends nothing', () => {
    const send = vi.fn();
    outgoingHook('drop', 1000)!(messages, send);
    expect(send).not.toHaveBeenCalled();
  });

  it('crash sends round 1 and dies instead of sending round 2', () => {
    const send = vi.fn();
    const crash = vi.fn();
    const hook = outgoingHook('crash', 1000, crash)!;
    hook([messages[0]!], send);
    expect(send).toHaveBeenCalledWith([messages[0]]);
    expect(crash).not.toHaveBeenCalled();
    hook([messages[1]!], send);
    expect(crash).toHaveBeenCalledOnce();
    expect(send).toHaveBeenCalledOnce();
  });

  it('corrupt flips the first body byte of round-1 messages only', () => {
    const send = vi.fn();
    outgoingHook('corrupt', 1000)!(messages, send);
    const [sent] = send.mock.calls[0] as [OutgoingMessage[]];
    const first = sent[0]!.payload;
    expect(first[first.length - 2]).toBe(0xab);
    expect(first.subarray(0, first.length - 2)).toEqual(messages[0]!.payload.subarray(0, first.length - 2));
    expect(sent[1]!.payload).toEqual(messages[1]!.payload);
  });

  it('late sends everything after two session timeouts', () => {
    vi.useFakeTimers();
    const send = vi.fn();
    outgoingHook('late', 1000)!(messages, send);
    vi.advanceTimersByTime(1999);
    expect(send).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(send).toHaveBeenCalledWith(messages);
    vi.useRealTimers();
  });

  it('wrong-share signs with a different secret and leaves the stored share alone', () => {
    const share = { secretShare: 7n, ot: new Map() } as unknown as KeyShare;
    expect(signingShare('wrong-share', share).secretShare).toBe(8n);
    expect(share.secretShare).toBe(7n);
    expect(signingShare('corrupt', share)).toBe(share);
  });
});
