/**
 * Where a party's CPU goes in protocol sessions, summed over the process: the protocol machine, the
 * frames' cryptography (seal and open) and their text encoding. `bench/tss-load.ts` reads it (the TSS
 * servers report theirs in `GET /health`) for its breakdown; the rest of a process's CPU is HTTP, SSE and
 * the chain. Each figure is the wall-clock time of synchronous calls, so it is CPU time on an idle
 * machine and a little more on a busy one.
 */
export interface SessionMeter {
  /** The protocol state machines' `start` and `handle`, ms. */
  protocol: number;
  /** `sealFrame` and `openFrame`: signatures, key agreement, AEAD, framing, ms. */
  crypto: number;
  /** Frames to and from SSE text (base64), ms. */
  encoding: number;
}

export const sessionMeter: SessionMeter = { protocol: 0, crypto: 0, encoding: 0 };

/** Runs `fn`, adding its duration to `part` of `sessionMeter`. */
export function metered<T>(part: keyof SessionMeter, fn: () => T): T {
  const start = performance.now();
  try {
    return fn();
  } finally {
    sessionMeter[part] += performance.now() - start;
  }
}
