/** An error that trying again cannot fix (the other side refused, rather than was away). */
export class FinalError extends Error {}

export interface RetryOptions {
  /** Waits between attempts, in order; the last one repeats until the budget is spent. */
  delaysMs: number[];
  /** How long all attempts together may take. */
  budgetMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Hears each failed attempt that will be tried again. */
  onRetry?: (error: unknown, attempt: number) => void;
}

/**
 * Runs `task` until it succeeds, throws a `FinalError`, or the budget is spent — then throws its last error.
 * For work another server must accept while it may be restarting (replicating a share to a group member).
 */
export async function retry<T>(task: () => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const deadline = now() + options.budgetMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      const delay = options.delaysMs[Math.min(attempt - 1, options.delaysMs.length - 1)] ?? 0;
      if (error instanceof FinalError || now() + delay > deadline) throw error;
      options.onRetry?.(error, attempt);
      await sleep(delay);
    }
  }
}
