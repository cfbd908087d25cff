/**
 * Where a party's CPU goes in protocol sessions, summed over the process: the protocol machine, the
 * frames' cryptography (seal and open) and their text encoding. `bench/tss-load.ts` reads it (the TSS
 * servers report theirs in `GET /health`) for its breakdown; the rest of a process's CPU is HTTP, SSE and
 * the chain. Each figure is the time of synchronous calls by the clock `setMeterClock` sets: wall-clock
 * by default (CPU time on an idle machine, more on a busy one); Node processes set their main thread's
 * CPU clock (`devnet/tss/cpu-clock.ts`).
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

let clock: () => number = () => performance.now();

/** Sets the clock `metered` reads, in ms (in Node, a CPU clock: it counts only our CPU). */
export function setMeterClock(now: () => number): void {
  clock = now;
}

/** Runs `fn`, adding its duration to `part` of `sessionMeter`. */
export function metered<T>(part: keyof SessionMeter, fn: () => T): T {
  const start = clock();
  try {
    return fn();
  } finally {
    sessionMeter[part] += clock() - start;
  }
}
