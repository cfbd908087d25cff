/**
 * Sliding-window limit of new requests per origin, so a page cannot flood the user with prompts.
 * In memory: a worker restart resets it, which only ever helps the user (a restart is rare and slow).
 */
export interface RateLimiter {
  /** Records an attempt; returns 0 when allowed, else how many ms until the next one would be. */
  take(origin: string): number;
}

export function createRateLimiter(options: {
  max: number;
  windowMs: number;
  now: () => number;
}): RateLimiter {
  const recent = new Map<string, number[]>();
  return {
    take(origin) {
      const now = options.now();
      const times = (recent.get(origin) ?? []).filter((t) => now - t < options.windowMs);
      if (times.length >= options.max) {
        recent.set(origin, times);
        return times[0]! + options.windowMs - now;
      }
      times.push(now);
      recent.set(origin, times);
      return 0;
    },
  };
}
