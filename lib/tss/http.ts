import { deserializeError } from '../errors';
import { TssClientError } from './errors';

export interface RequestOptions {
  signal?: AbortSignal;
  /** Defaults to the global `fetch` (the service worker's, or Node's). */
  fetch?: typeof fetch;
}

/** Sends one request and returns the response, turning network failures into a typed error. */
export async function send(
  endpoint: string,
  path: string,
  body: unknown,
  opts: RequestOptions & { accept?: string },
): Promise<Response> {
  const doFetch = opts.fetch ?? fetch;
  try {
    return await doFetch(new URL(path, endpoint), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: opts.accept ?? 'application/json' },
      body: JSON.stringify(body),
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

/** Reads a JSON body, refusing anything that is not JSON. */
export async function readJson(response: Response, endpoint: string): Promise<unknown> {
  try {
    return await response.json();
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
    const body = (await response.json()) as { error?: unknown };
    reason = deserializeError(body.error);
  } catch {
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
