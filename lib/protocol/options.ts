import { utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalParties } from './keyShare';
import { badInput } from './errors';
import type { PartyId } from './types';

export const MIN_PARTIES = 2;
export const MAX_PARTIES = 16;

/** Checks the caller's options and returns the canonical (sorted) party list. */
export function checkRunOptions(sessionId: unknown, self: unknown, parties: unknown): PartyId[] {
  if (!(sessionId instanceof Uint8Array) || sessionId.length < 16 || sessionId.length > 255) {
    throw badInput('sessionId must be 16..255 bytes');
  }
  if (!Array.isArray(parties) || parties.length < MIN_PARTIES || parties.length > MAX_PARTIES) {
    throw badInput(`parties must list ${MIN_PARTIES}..${MAX_PARTIES} party ids`);
  }
  for (const p of parties) {
    if (typeof p !== 'string' || utf8ToBytes(p).length < 1 || utf8ToBytes(p).length > 64) {
      throw badInput('each party id must be 1..64 bytes of UTF-8');
    }
  }
  if (new Set(parties).size !== parties.length) throw badInput('party ids must be unique');
  if (typeof self !== 'string' || !parties.includes(self)) throw badInput('self must be one of the parties');
  return canonicalParties(parties as PartyId[]);
}
