import { request as httpRequest, type IncomingMessage } from 'node:http';
import { TssClientError } from '../../lib/tss';
import { answerError, MAX_ANSWER_BYTES } from '../../lib/tss/http';
import { streamDecoder, SUBSCRIBE_ACCEPT } from '../../lib/tss/subscribe';
import type { SessionEvent } from '../../lib/tss';
import { subscribeRequestToJson, type SubscribeRequest } from '../../lib/wire';

const PATH = '/signer/subscribe_to_me';

/** A refusal's body, bounded, typed as `lib/tss` types any answer; the response is done with after it. */
export async function refusal(res: IncomingMessage, endpoint: string, path: string): Promise<TssClientError> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) break;
    chunks.push(chunk);
  }
  res.destroy();
  return answerError(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0 }), endpoint, path);
}

/**
 * `lib/tss`'s `subscribe` for a TSS server following another validator's stream, over `node:http`
 * instead of `fetch`: the same request, the same strict event decoding and size bound, but the body's
 * chunks arrive from the socket, without undici's and the web streams' layers (a fifth of a
 * server's CPU outside the protocol and the frames, in a profile under `bench:tss`). Yields the stream's
 * events until the server ends it or `signal` aborts; throws a `TssClientError` for a refusal or a
 * broken stream.
 */
export async function* followStream(
  endpoint: string,
  request: SubscribeRequest,
  signal: AbortSignal,
): AsyncGenerator<SessionEvent, void, undefined> {
  if (signal.aborted) return;
  const body = JSON.stringify(subscribeRequestToJson(request));
  const req = httpRequest(new URL(PATH, endpoint), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: SUBSCRIBE_ACCEPT,
      'content-length': Buffer.byteLength(body),
    },
  });
  const onAbort = (): void => void req.destroy();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      req.once('response', resolve);
      req.once('error', (cause) =>
        reject(
          new TssClientError(`TSS server ${endpoint} is unreachable`, {
            code: 'TSS_UNREACHABLE',
            details: { endpoint, path: PATH, status: 0 },
            cause,
          }),
        ),
      );
      req.end(body);
    });
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) throw await refusal(res, endpoint, PATH);
    const decoder = streamDecoder(res.headers['content-type'], endpoint);
    if (!decoder) {
      res.destroy();
      throw new TssClientError(`${endpoint}${PATH} did not answer with an event stream`, {
        code: 'TSS_BAD_ANSWER',
        details: { endpoint, path: PATH },
      });
    }
    try {
      for await (const chunk of res as AsyncIterable<Buffer>) yield* decoder.push(chunk);
      if (!signal.aborted) decoder.end();
    } catch (cause) {
      if (signal.aborted) return;
      if (cause instanceof TssClientError) throw cause;
      throw new TssClientError(`Stream from ${endpoint} broke`, {
        code: 'TSS_UNREACHABLE',
        details: { endpoint },
        cause,
      });
    } finally {
      res.destroy();
    }
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    req.destroy();
  }
}
