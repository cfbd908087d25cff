import type { OutgoingMessage } from '../../lib/protocol';
import type { KeyShare } from '../../lib/protocol';
import type { Misbehaviour } from './options';
import type { OutgoingHook } from './session';
import { secp256k1 } from '@noble/curves/secp256k1.js';

/**
 * Fault injection for demos and tests (`--misbehave`). It applies to signing sessions only, so a
 * misbehaving validator still registers accounts and the blame lands on a signing run:
 * - `drop`: sends nothing — the others time out naming it;
 * - `late`: sends everything two session timeouts late — the others time out naming it;
 * - `corrupt`: flips a bit of the commitment to its instance point in its round-1 messages (the first
 *   byte after the pair's OT generation) before signing the frame — in round 2 the commitment does not open, and the
 *   others blame this server with its own messages as evidence (a fault anyone can check, which,
 *   unlike a garbled OT message, does not discard the pair's OT setup);
 * - `wrong-share`: signs with a secret off by one (its copy's own public values shifted to match, so
 *   the copy passes the protocol's share checks and the others' consistency check catches it);
 * - `crash`: the process dies (SIGKILL) when it is about to send its round-2 messages — after the others
 *   have its round-1 messages, so they wait in round 2 for a member that is gone, as when an operator's
 *   machine is killed mid-protocol.
 */
export function outgoingHook(
  mode: Misbehaviour | undefined,
  timeoutMs: number,
  crash: () => void = () => process.kill(process.pid, 'SIGKILL'),
): OutgoingHook | undefined {
  switch (mode) {
    case 'drop':
      return () => undefined;
    case 'late':
      return (messages, send) => void setTimeout(() => send(messages), 2 * timeoutMs).unref();
    case 'corrupt':
      return (messages, send) => send(messages.map((m) => (m.round === 1 ? corrupt(m) : m)));
    case 'crash':
      return (messages, send) => (messages.some((m) => m.round >= 2) ? crash() : send(messages));
    default:
      return undefined;
  }
}

/**
 * Where a lib/protocol payload's body starts: version, kind, round (1 byte each), session id (u32
 * length + bytes), sender (u8 length + UTF-8), recipient flag and, if set, recipient (docs/protocol.md).
 */
function bodyOffset(payload: Uint8Array): number {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  let offset = 3;
  offset += 4 + view.getUint32(offset);
  offset += 1 + (payload[offset] ?? 0);
  const hasRecipient = payload[offset] === 1;
  offset += 1;
  if (hasRecipient) offset += 1 + (payload[offset] ?? 0);
  return offset;
}

/** Signing's round-1 body starts with the pair's OT generation (u32), then the commitment. */
const GENERATION_BYTES = 4;

function corrupt(message: OutgoingMessage): OutgoingMessage {
  const payload = message.payload.slice();
  const index = Math.min(bodyOffset(payload) + GENERATION_BYTES, payload.length - 1);
  payload[index] = (payload[index] ?? 0) ^ 0x01;
  return { ...message, payload };
}

/**
 * The share this server signs with: its own, or (wrong-share) a copy whose secret is sk_i + 1 and whose
 * own pk_i and verifying key are shifted by G to match — the others still hold the true pk_i, so their
 * DKLs23 consistency check fails. The copy shares the live OT pairs (and so their state) with the share.
 */
export function signingShare(mode: Misbehaviour | undefined, share: KeyShare): KeyShare {
  if (mode !== 'wrong-share') return share;
  const G = secp256k1.Point.BASE;
  const shift = (bytes: Uint8Array) => secp256k1.Point.fromBytes(bytes).add(G).toBytes(true);
  const self = share.parties.indexOf(share.partyId);
  return {
    ...share,
    secretShare: (share.secretShare + 1n) % secp256k1.Point.CURVE().n,
    publicShares: share.publicShares.map((pk, i) => (i === self ? shift(pk) : pk)),
    verifyingKey: shift(share.verifyingKey),
  };
}
