import { bytesToHex } from '@noble/hashes/utils.js';
import { envelopeToJson, type Envelope } from '../wire';
import { TssClientError } from './errors';
import { answerError, readJson, readText, send, type RequestOptions } from './http';
import { MAX_REASON_CHARS, parseFailure, strict } from './answers';
import type { SignatureResult, UserTxResponse } from './types';

/**
 * Typed client of one TSS server's HTTP API (docs/tss.md). Fetch-based with no Node globals, so the
 * wallet's service worker and the Node tests use the same code.
 */

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badAnswer(endpoint: string, path: string, what: string): TssClientError {
  return new TssClientError(`${endpoint}${path} sent an unexpected answer: ${what}`, {
    code: 'TSS_BAD_ANSWER',
    details: { endpoint, path },
  });
}

/** `POST /user/new`: asks a registration-committee member to run the DKG with us. */
export async function postUserNew(
  endpoint: string,
  envelope: Envelope,
  opts: RequestOptions = {},
): Promise<void> {
  const response = await send(endpoint, '/user/new', envelopeToJson(envelope), opts);
  if (!response.ok) throw await answerError(response, endpoint, '/user/new');
}

function parseTxResponse(value: unknown, endpoint: string): UserTxResponse {
  const verdict = strict(value, ['validator', 'partyId', 'sigHash', 'accepted', 'constraints']);
  if (
    !verdict ||
    typeof verdict.accepted !== 'boolean' ||
    typeof verdict.sigHash !== 'string' ||
    !/^0x[0-9a-f]{64}$/.test(verdict.sigHash) ||
    typeof verdict.validator !== 'string' ||
    verdict.validator.length > 64 ||
    typeof verdict.partyId !== 'string' ||
    verdict.partyId.length > 64 ||
    !Array.isArray(verdict.constraints) ||
    verdict.constraints.length > 64 ||
    !verdict.constraints.every((c) => {
      const r = strict(c, ['constraint', 'ok', 'reason']);
      return (
        typeof r?.constraint === 'string' &&
        r.constraint.length <= 64 &&
        typeof r.ok === 'boolean' &&
        typeof r.reason === 'string' &&
        r.reason.length <= MAX_REASON_CHARS
      );
    })
  ) {
    throw badAnswer(endpoint, '/user/tx', 'not a constraint verdict');
  }
  return verdict as unknown as UserTxResponse;
}

/**
 * `POST /user/tx`: sends the full transaction to one committee member. Returns its verdict on every
 * constraint — also when it refuses (`accepted: false`); other refusals throw `TssClientError`.
 */
export async function postUserTx(
  endpoint: string,
  envelope: Envelope,
  opts: RequestOptions = {},
): Promise<UserTxResponse> {
  const response = await send(endpoint, '/user/tx', envelopeToJson(envelope), opts);
  if (response.ok) return parseTxResponse(await readJson(response, endpoint), endpoint);
  const error = await answerError(response, endpoint, '/user/tx');
  const reason = error.details?.reason as { code?: string; details?: { verdict?: unknown } } | undefined;
  if (reason?.code === 'CONSTRAINT_VIOLATION' && reason.details?.verdict !== undefined) {
    return parseTxResponse(reason.details.verdict, endpoint);
  }
  throw error;
}

/** How long `postUserTxWhenFree` waits before each new try while the server answers BUSY. */
const BUSY_RETRY_MS = [250, 500, 1_000, 2_000];

/**
 * `postUserTx`, waiting while the server answers BUSY (429) for up to `waitMs`: a server runs one signing
 * run per account, and may still be finishing (or waiting out) the account's previous one. The request
 * waits; it does not fail. Any other answer, or BUSY after `waitMs`, is `postUserTx`'s.
 */
export async function postUserTxWhenFree(
  endpoint: string,
  envelope: Envelope,
  opts: RequestOptions & { waitMs: number },
): Promise<UserTxResponse> {
  const deadline = Date.now() + opts.waitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await postUserTx(endpoint, envelope, opts);
    } catch (error) {
      const busy = error instanceof TssClientError && error.details?.status === 429;
      if (!busy || Date.now() >= deadline) throw error;
      await new Promise((r) => setTimeout(r, BUSY_RETRY_MS[Math.min(attempt, BUSY_RETRY_MS.length - 1)]));
    }
  }
}

/**
 * `POST /signer/ot_setup`: asks a validator for a fresh OT setup between its group and us; the run then
 * goes like any session (subscribe, frames).
 */
export async function postOtSetup(
  endpoint: string,
  envelope: Envelope,
  opts: RequestOptions = {},
): Promise<void> {
  const response = await send(endpoint, '/signer/ot_setup', envelopeToJson(envelope), opts);
  if (!response.ok) throw await answerError(response, endpoint, '/signer/ot_setup');
}

/** `POST /signer/message`: sends one of our signed protocol frames (its bytes as the body) to a committee member. */
export async function postMessage(
  endpoint: string,
  frame: Uint8Array,
  opts: RequestOptions = {},
): Promise<void> {
  const response = await send(endpoint, '/signer/message', frame, opts);
  if (!response.ok) throw await answerError(response, endpoint, '/signer/message');
}

/** Which result `/signer/signature` is asked for: an account's request for a hash (by default its newest). */
export interface SignatureQuery {
  /** The requesting account's public key. */
  account: Uint8Array;
  sigHash: Uint8Array;
  /** The block of the request; without it, the account's newest request for the hash. */
  blockNumber?: number;
}

/** `POST /signer/signature` once: the result, or null while it is not ready (404). */
export async function getSignature(
  endpoint: string,
  query: SignatureQuery,
  opts: RequestOptions = {},
): Promise<SignatureResult | null> {
  const path = '/signer/signature';
  const body = {
    message: `0x${bytesToHex(query.sigHash)}`,
    account: `0x${bytesToHex(query.account)}`,
    ...(query.blockNumber === undefined ? {} : { blockNumber: query.blockNumber }),
  };
  const response = await send(endpoint, path, body, opts);
  if (response.status === 404) return null;
  if (response.status === 409) {
    const error = await answerError(response, endpoint, path);
    const reason = error.details?.reason as { code?: string; details?: { failure?: unknown } } | undefined;
    if (reason?.code !== 'SESSION_FAILED') throw error;
    const failure = parseFailure(reason.details?.failure);
    if (!failure) throw badAnswer(endpoint, path, 'a malformed failure');
    return { status: 'failed', failure };
  }
  if (response.status !== 202) throw await answerError(response, endpoint, path);
  const text = await readText(response, endpoint, 1_024);
  const signature = /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? base64ToBytes(text) : undefined;
  if (!signature || signature.length !== 65)
    throw badAnswer(endpoint, path, 'not a base64 65-byte signature');
  return { status: 'done', signature };
}

/** Polls `POST /signer/signature` until the signature or a failure is there, or `timeoutMs` passes. */
export async function pollSignature(
  endpoint: string,
  query: SignatureQuery,
  opts: RequestOptions & { intervalMs?: number; timeoutMs?: number } = {},
): Promise<SignatureResult> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    const result = await getSignature(endpoint, query, opts);
    if (result) return result;
    if (Date.now() >= deadline) {
      throw new TssClientError(`No signature from ${endpoint} in time`, {
        code: 'TSS_TIMEOUT',
        details: { endpoint, sigHash: `0x${bytesToHex(query.sigHash)}` },
      });
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, opts.intervalMs ?? 250);
      opts.signal?.addEventListener('abort', () => (clearTimeout(timer), reject(opts.signal?.reason)), {
        once: true,
      });
    });
  }
}

/** `GET /health`. */
export async function getHealth(
  endpoint: string,
  opts: RequestOptions = {},
): Promise<{ ok: boolean; partyIds: string[]; tssAccount: string; chainBlock: number | null }> {
  const doFetch = opts.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(new URL('/health', endpoint), { signal: opts.signal });
  } catch (cause) {
    throw new TssClientError(`TSS server ${endpoint} is unreachable`, {
      code: 'TSS_UNREACHABLE',
      details: { endpoint, path: '/health', status: 0 },
      cause,
    });
  }
  if (!response.ok) throw await answerError(response, endpoint, '/health');
  const body = await readJson(response, endpoint);
  if (!isRecord(body) || typeof body.ok !== 'boolean') throw badAnswer(endpoint, '/health', 'no ok field');
  return body as { ok: boolean; partyIds: string[]; tssAccount: string; chainBlock: number | null };
}

export { base64ToBytes };
