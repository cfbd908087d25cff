import { useState } from 'react';
import type { ErrorView, Outcome } from '../lib/popup/types';
import { useCountdown } from './useNow';

/** When the vault takes the next password (epoch ms), from a refusal's `details.retryAfterMs`; 0 = now. */
function retryAtOf(error: ErrorView): number {
  const wait = error.details?.retryAfterMs;
  return typeof wait === 'number' && wait > 0 ? Date.now() + wait : 0;
}

/**
 * A request that carries the wallet password: busy while it runs, its refusal for the form to show, and
 * after a wrong password the vault's back-off counted down, as on the unlock screen.
 */
export function usePasswordAttempt() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView>();
  const [retryAt, setRetryAt] = useState(0);
  const waitSeconds = Math.ceil(useCountdown(retryAt) / 1000);

  async function run<T>(request: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
    setBusy(true);
    setError(undefined);
    const answer = await request();
    setBusy(false);
    if (!answer.ok) {
      setError(answer.error);
      setRetryAt(retryAtOf(answer.error));
    }
    return answer;
  }

  return { busy, error, waitSeconds, run };
}
