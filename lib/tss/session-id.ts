import { blake2b } from '@noble/hashes/blake2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Session ids every party derives independently from chain data, so nobody has to send one. Fields are
 * length-prefixed under a domain label, so different inputs can never hash the same transcript.
 */
function sessionId(domain: string, fields: Uint8Array[]): Uint8Array {
  const parts = [utf8ToBytes(domain), ...fields];
  const total = parts.reduce((n, p) => n + 4 + p.length, 0);
  const input = new Uint8Array(total);
  const view = new DataView(input.buffer);
  let offset = 0;
  for (const part of parts) {
    view.setUint32(offset, part.length);
    input.set(part, offset + 4);
    offset += 4 + part.length;
  }
  return blake2b(input, { dkLen: 32 });
}

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

/** The DKG session of `account`'s registration signalled in `blockNumber`. */
export function registrationSessionId(account: Uint8Array, blockNumber: number): Uint8Array {
  return sessionId('entropy-tss/v1/dkg', [account, u32(blockNumber)]);
}

/** The signing session for `sigHash` requested by `account`, announced in `blockNumber`. */
export function signingSessionId(account: Uint8Array, sigHash: Uint8Array, blockNumber: number): Uint8Array {
  return sessionId('entropy-tss/v1/sign', [account, sigHash, u32(blockNumber)]);
}

/**
 * A fresh OT setup between two parties of `account`'s key share, after a failed pairwise check discarded
 * theirs. `context` makes every run's id new: the failed signing session's id (both validators derive
 * it, so when both ask they meet in one run) or the user's random nonce.
 */
export function otSetupSessionId(account: string, context: Uint8Array, pair: [string, string]): Uint8Array {
  const [a, b] = [...pair].sort() as [string, string];
  return sessionId('entropy-tss/v1/ot-setup', [
    utf8ToBytes(account),
    context,
    utf8ToBytes(a),
    utf8ToBytes(b),
  ]);
}

/** The protocol party id of a validator: its signing group's, so a share copied inside a group still fits. */
export function groupPartyId(signingGroup: number): string {
  return `group-${signingGroup}`;
}
