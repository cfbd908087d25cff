import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it, vi } from 'vitest';
import type { KeyShare, OutgoingMessage } from '../../lib/protocol';
import { outgoingHook, signingShare } from './misbehave';

/**
 * A payload laid out like lib/protocol's: version, kind, round, u32 session length + id, sender, recipient
 * flag; the body starts with the pair's OT generation (u32).
 */
function payload(round: number): Uint8Array {
  const sessionId = new Uint8Array(32).fill(5);
  const sender = new TextEncoder().encode('group-0');
  const body = new Uint8Array([0, 0, 0, 3, 0xaa, 0xbb]);
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

  it('corrupt flips the first byte of the commitment (after the generation) of round-1 messages only', () => {
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

  it('wrong-share signs with a different secret, consistent with its own copy only, and leaves the share alone', () => {
    const G = secp256k1.Point.BASE;
    const pk = [G.multiply(7n), G.multiply(11n)];
    const share = {
      partyId: 'group-0',
      parties: ['group-0', 'group-1'],
      secretShare: 7n,
      publicShares: pk.map((p) => p.toBytes(true)),
      verifyingKey: pk[0]!.add(pk[1]!).toBytes(true),
      ot: new Map(),
    } as unknown as KeyShare;
    const wrong = signingShare('wrong-share', share);
    expect(wrong.secretShare).toBe(8n);
    expect(secp256k1.Point.fromBytes(wrong.publicShares[0]!).equals(G.multiply(8n))).toBe(true);
    expect(wrong.publicShares[1]).toBe(share.publicShares[1]);
    expect(secp256k1.Point.fromBytes(wrong.verifyingKey).equals(G.multiply(19n))).toBe(true);
    expect(wrong.ot).toBe(share.ot);
    expect(share.secretShare).toBe(7n);
    expect(signingShare('corrupt', share)).toBe(share);
  });
});
