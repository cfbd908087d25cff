import type { OutgoingMessage } from '../../lib/protocol';
import type { KeyShare } from '../../lib/protocol';
import type { Misbehaviour } from './options';
import type { OutgoingHook } from './session';
import { secp256k1 } from '@noble/curves/secp256k1.js';

/**
 * Fault injection for demos and tests (`--misbehave`). It applies to signing sessions only, so a
 * misbehaving validator still registers accounts and the blame lands on a signing run:
 * - `drop`: sends nothing — the others time out naming it;
 * - `late`: sends everything after the session timeout — the others time out naming it;
 * - `corrupt`: flips a bit in each payload before signing the frame — the protocol rejects it and
 *   blames this server, with its own signed message as evidence;
 * - `wrong-share`: signs with a share whose secret is off by one.
 */
export function outgoingHook(mode: Misbehaviour | undefined, timeoutMs: number): OutgoingHook | undefined {
  switch (mode) {
    case 'drop':
      return () => undefined;
    case 'late':
      return (messages, send) => void setTimeout(() => send(messages), timeoutMs + 2_000).unref();
    case 'corrupt':
      return (messages, send) => send(messages.map(corrupt));
    default:
      return undefined;
  }
}

function corrupt(message: OutgoingMessage): OutgoingMessage {
  const payload = message.payload.slice();
  const index = Math.floor(payload.length / 2);
  payload[index] = (payload[index] ?? 0) ^ 0x01;
  return { ...message, payload };
}

/** The share this server signs with: its own, or (wrong-share) one whose secret does not match pk_i. */
export function signingShare(mode: Misbehaviour | undefined, share: KeyShare): KeyShare {
  if (mode !== 'wrong-share') return share;
  return { ...share, secretShare: (share.secretShare + 1n) % secp256k1.Point.CURVE().n };
}
