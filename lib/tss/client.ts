import { bytesToHex } from '@noble/hashes/utils.js';
import { envelopeToJson, frameToJson, type Envelope } from '../wire';
import { TssClientError } from './errors';
import { answerError, readJson, send, type RequestOptions } from './http';
import type { SessionFailure, SignatureResult, UserTxResponse } from './types';

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
  if (
    !isRecord(value) ||
    typeof value.accepted !== 'boolean' ||
    typeof value.sigHash !== 'string' ||
    typeof value.validator !== 'string' ||
    typeof value.partyId !== 'string' ||
    !Array.isArray(value.constraints) ||
    !value.constraints.every(
      (c) =>
        isRecord(c) &&
        typeof c.constraint === 'string' &&
        typeof c.ok === 'boolean' &&
        typeof c.reason === 'string',
    )
  ) {
    throw badAnswer(endpoint, '/user/tx', 'not a constraint verdict');
  }
  return value as unknown as UserTxResponse;
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

/** `POST /signer/message`: sends one of our signed protocol frames to a committee member. */
export async function postMessage(
  endpoint: string,
  frame: Uint8Array,
  opts: RequestOptions = {},
): Promise<void> {
  const response = await send(endpoint, '/signer/message', frameToJson(frame), opts);
  if (!response.ok) throw await answerError(response, endpoint, '/signer/message');
}

/** `POST /signer/signature` once: the result, or null while it is not ready (404). */
export async function getSignature(
  endpoint: string,
  sigHash: Uint8Array,
  opts: RequestOptions = {},
): Promise<SignatureResult | null> {
  const path = '/signer/signature';
  const response = await send(endpoint, path, { message: `0x${bytesToHex(sigHash)}` }, opts);
  if (response.status === 404) return null;
  if (response.status === 409) {
    const error = await answerError(response, endpoint, path);
    const reason = error.details?.reason as
      { code?: string; details?: { failure?: SessionFailure } } | undefined;
    if (reason?.code === 'SESSION_FAILED' && reason.details?.failure) {
      return { status: 'failed', failure: reason.details.failure };
    }
    throw error;
  }
  if (response.status !== 202) throw await answerError(response, endpoint, path);
  const text = await response.text();
  const signature = /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? base64ToBytes(text) : undefined;
  if (!signature || signature.length !== 65)
    throw badAnswer(endpoint, path, 'not a base64 65-byte signature');
  return { status: 'done', signature };
}

/** Polls `POST /signer/signature` until the signature or a failure is there, or `timeoutMs` passes. */
export async function pollSignature(
  endpoint: string,
  sigHash: Uint8Array,
  opts: RequestOptions & { intervalMs?: number; timeoutMs?: number } = {},
): Promise<SignatureResult> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    const result = await getSignature(endpoint, sigHash, opts);
    if (result) return result;
    if (Date.now() >= deadline) {
      throw new TssClientError(`No signature from ${endpoint} in time`, {
        code: 'TSS_TIMEOUT',
        details: { endpoint, sigHash: `0x${bytesToHex(sigHash)}` },
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
