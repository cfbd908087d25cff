import { storage } from 'wxt/utils/storage';

/**
 * Wrong-password back-off. The counter lives in storage.local, so restarting the service worker (or the
 * browser) does not reset it.
 */
interface Attempts {
  failures: number;
  lastFailureAt: number;
}

const attemptsItem = storage.defineItem<Attempts>('local:vault.unlockAttempts', {
  fallback: { failures: 0, lastFailureAt: 0 },
});

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 10 * 60_000;

/** Wait imposed after `failures` consecutive wrong passwords: 1 s, 2 s, 4 s, … capped at 10 minutes. */
export function delayAfter(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** Math.min(failures - 1, 30), MAX_DELAY_MS);
}

async function attempts(now: number): Promise<Attempts> {
  const value = await attemptsItem.getValue();
  // Anything unreadable counts as many failures rather than none: a damaged counter must not unthrottle.
  if (!Number.isSafeInteger(value?.failures) || !Number.isFinite(value?.lastFailureAt)) {
    return { failures: 30, lastFailureAt: now };
  }
  return value;
}

/** Milliseconds until a password may be tried again (0 = now). */
export async function retryAfterMs(now: number): Promise<number> {
  const { failures, lastFailureAt } = await attempts(now);
  return Math.max(0, lastFailureAt + delayAfter(failures) - now);
}

/** Records a wrong password; returns the new failure count and the wait it imposes. */
export async function recordFailure(now: number): Promise<{ failures: number; retryAfterMs: number }> {
  const failures = (await attempts(now)).failures + 1;
  await attemptsItem.setValue({ failures, lastFailureAt: now });
  return { failures, retryAfterMs: delayAfter(failures) };
}

export async function recordSuccess(): Promise<void> {
  await attemptsItem.removeValue();
}
