import { Agent, request as httpRequest } from 'node:http';
import { TssClientError, type UserPartyTransport } from '../../lib/tss';
import { MAX_ANSWER_BYTES } from '../../lib/tss/http';
import { followStream, refusal } from './follow';

const PATH = '/signer/message';

/** Kept-alive connections for frames: a run posts a dozen to each member, a benchmark thousands. */
const agent = new Agent({ keepAlive: true });

/**
 * `lib/tss`'s `postMessage` over `node:http`: the frame's bytes as the body, no copy (undici's fetch
 * made a request object, a body stream and its tee per frame). Resolves once the member answered 2xx;
 * rejects with `TSS_UNREACHABLE` when it cannot be reached, or the typed refusal it answered.
 */
export function postFrame(endpoint: string, frame: Uint8Array, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(PATH, endpoint), {
      method: 'POST',
      agent,
      ...(signal ? { signal } : {}),
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': frame.length,
        accept: 'application/json',
      },
    });
    req.once('error', (cause) =>
      reject(
        signal?.aborted
          ? cause
          : new TssClientError(`TSS server ${endpoint} is unreachable`, {
              code: 'TSS_UNREACHABLE',
              details: { endpoint, path: PATH, status: 0 },
              cause,
            }),
      ),
    );
    req.once('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) return void refusal(res, endpoint, PATH).then(reject, reject);
      // Read to the end, so the connection goes back to the agent for the next frame.
      res.once('end', resolve).once('error', reject).resume();
    });
    req.end(frame);
  });
}

/** Statuses whose `Response` must have no body. */
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/**
 * A `fetch` for `lib/tss`'s JSON requests (`/user/tx`) over `node:http` and the kept-alive agent, for
 * `bench:tss`'s user parties: undici's fetch (a request object, a body stream and the web streams'
 * layers per call) is not what a wallet's browser pays for its requests. Takes a URL, a method,
 * headers, a string or byte body and a signal. The answer is read whole, at most one byte more than
 * `lib/tss` reads, so an oversized answer is still refused there. Fails as `fetch` does: a `TypeError`
 * for an unreachable server, the signal's reason for an abort.
 */
export const nodeFetch: typeof fetch = (input, init = {}) =>
  new Promise<Response>((resolve, reject) => {
    if (input instanceof Request) throw new TypeError('nodeFetch takes a URL, not a Request');
    const { signal } = init;
    if (signal?.aborted) return reject(signal.reason);
    const body = init.body ?? undefined;
    if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) {
      throw new TypeError('nodeFetch sends a string or bytes');
    }
    const headers = Object.fromEntries(new Headers(init.headers));
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const req = httpRequest(new URL(input), { method: init.method ?? 'GET', agent, headers });
    const onAbort = (): void => void req.destroy(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (): void => signal?.removeEventListener('abort', onAbort);
    req.once('error', (cause) => {
      done();
      reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause }));
    });
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const answer = (): void => {
        done();
        const status = res.statusCode ?? 0;
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
            responseHeaders.append(name, one);
          }
        }
        resolve(
          new Response(NULL_BODY_STATUS.has(status) ? null : Buffer.concat(chunks), {
            status,
            statusText: res.statusMessage ?? '',
            headers: responseHeaders,
          }),
        );
      };
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        chunks.push(chunk);
        if (size > MAX_ANSWER_BYTES) {
          res.removeAllListeners('end');
          res.destroy();
          answer();
        }
      });
      res.once('end', answer);
      res.once('error', (cause) => {
        done();
        reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause }));
      });
    });
    req.end(body);
  });

/** A user party's transport in a Node process (`bench:tss`): SSE and frames over `node:http`. */
export const nodeTransport: UserPartyTransport = {
  subscribe: followStream,
  postMessage: postFrame,
};
