import type { SessionFailure } from './types';

/**
 * Checks of what TSS servers send back: exact fields, bounded sizes. A server is not trusted to keep
 * its answers small or well formed, and what passes here reaches the service worker and its storage.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The event's JSON object with only `fields` (all of `required` present), or null. */
export function strict(
  value: unknown,
  required: string[],
  optional: string[] = [],
): Record<string, unknown> | null {
  if (!isRecord(value)) return null;
  const keys = Object.keys(value);
  if (keys.some((k) => !required.includes(k) && !optional.includes(k))) return null;
  return required.every((k) => k in value) ? value : null;
}

export const isPartyId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64;
export const isPartyList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length <= 64 && v.every(isPartyId);
export const isRound = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffff;

/** Longest failure reason kept; a longer one is a server trying to fill the wallet's storage. */
export const MAX_REASON_CHARS = 2_000;
/** Evidence is the culprit's signed frames, under the chain's 60 KB limit (hex). */
const MAX_EVIDENCE_CHARS = 2 * 60_000 + 64 * 2;

/** A server's `SessionFailure` (SSE `failure` event, or `/signer/signature`'s 409), checked field by field. */
export function parseFailure(value: unknown): SessionFailure | null {
  const failure = strict(
    value,
    ['reason', 'code'],
    ['culprit', 'pair', 'missing', 'evidence', 'round', 'stale'],
  );
  if (!failure) return null;
  const { reason, code, culprit, pair, missing, evidence, round, stale } = failure;
  const evidenceOk =
    evidence === undefined ||
    (Array.isArray(evidence) &&
      evidence.every((e) => typeof e === 'string' && /^(0x)?[0-9a-f]*$/.test(e)) &&
      evidence.reduce((n: number, e: string) => n + e.length, 0) <= MAX_EVIDENCE_CHARS);
  const ok =
    typeof reason === 'string' &&
    reason.length <= MAX_REASON_CHARS &&
    typeof code === 'string' &&
    code.length > 0 &&
    code.length <= 64 &&
    (culprit === undefined || isPartyId(culprit)) &&
    (pair === undefined || (isPartyList(pair) && pair.length === 2)) &&
    (missing === undefined || isPartyList(missing)) &&
    (round === undefined || isRound(round)) &&
    (stale === undefined || (isPartyList(pair) && pair.includes(stale as string))) &&
    evidenceOk;
  return ok ? (failure as unknown as SessionFailure) : null;
}
