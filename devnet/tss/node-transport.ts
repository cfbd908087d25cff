import { Agent, request as httpRequest } from 'node:http';
import { TssClientError, type UserPartyTransport } from '../../lib/tss';
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

/** A user party's transport in a Node process (`bench:tss`): SSE and frames over `node:http`. */
export const nodeTransport: UserPartyTransport = {
  subscribe: followStream,
  postMessage: postFrame,
};
