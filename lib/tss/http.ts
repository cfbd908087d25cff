import { deserializeError } from '../errors';
import { TssClientError } from './errors';

export interface RequestOptions {
  signal?: AbortSignal;
  /** Defaults to the global `fetch` (the service worker's, or Node's). */
  fetch?: typeof fetch;
}

/**
 * Largest answer body read from a TSS server. The biggest honest one is a failure with its evidence
 * (at most 60 KB of frames, hex): a server cannot make the wallet buffer more than this.
 */
export const MAX_ANSWER_BYTES = 256 * 1024;

/**
 * Sends one request and returns the response, turning network failures into a typed error. A
 * `Uint8Array` body goes as it is (`application/octet-stream`), anything else as JSON.
 */
export async function send(
  endpoint: string,
  path: string,
  body: unknown,
  opts: RequestOptions & { accept?: string },
): Promise<Response> {
  const doFetch = opts.fetch ?? fetch;
  const binary = body instanceof Uint8Array;
  try {
    return await doFetch(new URL(path, endpoint), {
      method: 'POST',
      headers: {
        'content-type': binary ? 'application/octet-stream' : 'application/json',
        accept: opts.accept ?? 'application/json',
      },
      // Frames are built in fresh ArrayBuffers (never shared memory), which is what fetch takes.
      body: binary ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body),
      signal: opts.signal,
    });
  } catch (cause) {
    if (opts.signal?.aborted) throw cause;
    throw new TssClientError(`TSS server ${endpoint} is unreachable`, {
      code: 'TSS_UNREACHABLE',
      details: { endpoint, path, status: 0 },
      cause,
    });
  }
}

function tooLarge(endpoint: string, status: number, maxBytes: number): TssClientError {
  return new TssClientError(`TSS server ${endpoint} sent an answer larger than ${maxBytes} bytes`, {
    code: 'TSS_ANSWER_TOO_LARGE',
    details: { endpoint, status, maxBytes },
  });
}

/**
 * Reads a body as text, at most `maxBytes`: it stops reading (and cancels the stream) as soon as the
 * body is larger, so a server cannot make us buffer an endless answer.
 */
export async function readText(
  response: Response,
  endpoint: string,
  maxBytes = MAX_ANSWER_BYTES,
): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(endpoint, response.status, maxBytes);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw tooLarge(endpoint, response.status, maxBytes);
      chunks.push(value);
    }
  } catch (cause) {
    if (cause instanceof TssClientError) throw cause;
    throw new TssClientError(`The answer of ${endpoint} broke off`, {
      code: 'TSS_UNREACHABLE',
      details: { endpoint, status: response.status },
      cause,
    });
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** Reads a JSON body (at most `MAX_ANSWER_BYTES`), refusing anything that is not JSON. */
export async function readJson(response: Response, endpoint: string): Promise<unknown> {
  const text = await readText(response, endpoint);
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new TssClientError(`TSS server ${endpoint} sent a body that is not JSON`, {
      code: 'TSS_BAD_ANSWER',
      details: { endpoint, status: response.status },
      cause,
    });
  }
}

/** The typed error for a non-2xx answer, carrying the server's own error as `details.reason`. */
export async function answerError(
  response: Response,
  endpoint: string,
  path: string,
): Promise<TssClientError> {
  let reason: ReturnType<typeof deserializeError> | undefined;
  try {
    const body = (await readJson(response, endpoint)) as { error?: unknown };
    reason = deserializeError(body.error);
  } catch (error) {
    // An oversized error is itself the answer: nothing of it reaches the wallet.
    if (error instanceof TssClientError && error.code === 'TSS_ANSWER_TOO_LARGE') return error;
    reason = undefined;
  }
  return new TssClientError(
    `${endpoint}${path} answered ${response.status}: ${reason?.message ?? response.statusText}`,
    {
      code: reason?.code === 'CONSTRAINT_VIOLATION' ? 'CONSTRAINT_VIOLATION' : 'TSS_REQUEST_FAILED',
      details: { endpoint, path, status: response.status, reason: reason?.toJSON() },
    },
  );
}
