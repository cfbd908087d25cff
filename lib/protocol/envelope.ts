import { equalBytes } from '@noble/curves/utils.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { Reader, Writer } from './codec';
import { ProtocolError } from './errors';
import type { PartyId } from './types';

/**
 * Every payload starts with a header binding it to one run: version, protocol kind, round, session
 * id, sender and recipient (none for a broadcast). The transport authenticates `from`; the header
 * must agree with it, so a message replayed from another session or relayed under another name is
 * refused and blamed on the party the transport says sent it.
 */
export const WIRE_VERSION = 1;

export const Kind = { Dkg: 1, Sign: 2, OtSetup: 3 } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

export function writeHeader(
  kind: Kind,
  round: number,
  sessionId: Uint8Array,
  from: PartyId,
  to: PartyId | null,
): Writer {
  const w = new Writer().u8(WIRE_VERSION).u8(kind).u8(round).varBytes(sessionId).string(from);
  return to === null ? w.u8(0) : w.u8(1).string(to);
}

export interface Envelope {
  round: number;
  broadcast: boolean;
  reader: Reader;
}

export function unexpected(
  culprit: PartyId,
  reason: string,
  payload: Uint8Array,
  round?: number,
): ProtocolError {
  return new ProtocolError(`Unexpected message from ${culprit}: ${reason}`, {
    code: 'UNEXPECTED',
    details: { culprit, reason, evidence: [bytesToHex(payload)], ...(round === undefined ? {} : { round }) },
  });
}

/** Parses and checks the header; the returned reader is positioned at the body. */
export function openEnvelope(
  payload: Uint8Array,
  from: PartyId,
  expected: { kind: Kind; sessionId: Uint8Array; self: PartyId; parties: readonly PartyId[] },
): Envelope {
  if (!(payload instanceof Uint8Array)) throw unexpected(from, 'payload is not bytes', new Uint8Array());
  if (!expected.parties.includes(from) || from === expected.self) {
    throw unexpected(from, `sender ${JSON.stringify(from)} is not a party of this run`, payload);
  }
  const reader = new Reader(payload, { culprit: from, what: 'protocol message' });
  const version = reader.u8();
  if (version !== WIRE_VERSION) throw reader.fail(`unsupported version ${version}`);
  const kind = reader.u8();
  if (kind !== expected.kind) throw unexpected(from, `message of another protocol (kind ${kind})`, payload);
  const round = reader.u8();
  const sessionId = reader.varBytes(255);
  if (!equalBytes(sessionId, expected.sessionId)) {
    throw unexpected(from, 'message of another session (replayed or misrouted)', payload, round);
  }
  const sender = reader.partyId();
  if (sender !== from) throw unexpected(from, `sender field says ${JSON.stringify(sender)}`, payload, round);
  const hasRecipient = reader.u8();
  if (hasRecipient > 1) throw reader.fail('bad recipient flag');
  if (hasRecipient === 1) {
    const to = reader.partyId();
    if (to !== expected.self) throw unexpected(from, `addressed to ${JSON.stringify(to)}`, payload, round);
  }
  return { round, broadcast: hasRecipient === 0, reader };
}
