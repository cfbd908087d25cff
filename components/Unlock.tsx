import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useCountdown } from './useNow';

/** The locked wallet: one password field, focused, with the back-off after wrong guesses counted down. */
export function Unlock({
  onUnlock,
  retryAt = 0,
  waiting = [],
}: {
  /** Sites whose requests wait for the user: the wallet must be unlocked to answer them. */
  waiting?: string[];
  onUnlock(password: string): Promise<boolean>;
  /** When the background accepts the next attempt (epoch ms) after wrong passwords. */
  retryAt?: number;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const waitMs = useCountdown(retryAt);

  useEffect(() => input.current?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const unlocked = await onUnlock(password);
    if (!unlocked) {
      setBusy(false);
      setPassword('');
      input.current?.focus();
    }
  }

  const waitSeconds = Math.ceil(waitMs / 1000);
  return (
    <form className="screen unlock" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Unlock the wallet</h2>
      {waiting.length > 0 && (
        <p className="waiting" role="status">
          {waiting.length === 1
            ? `${waiting[0]} is waiting for your answer. Unlock to see its request.`
            : `${waiting.length} requests are waiting for your answer (${[...new Set(waiting)].join(', ')}). Unlock to see them.`}
        </p>
      )}
      <label htmlFor={`${id}-password`}>Password</label>
      <input
        id={`${id}-password`}
        ref={input}
        type="password"
        autoComplete="current-password"
        value={password}
        aria-describedby={`${id}-wait`}
        onChange={(event) => setPassword(event.target.value)}
      />
      <p className="hint" id={`${id}-wait`}>
        {waitSeconds > 0 ? `Too many wrong passwords: try again in ${waitSeconds} s.` : '\u00a0'}
      </p>
      <button type="submit" disabled={busy || password === '' || waitSeconds > 0}>
        {busy ? 'Unlocking…' : 'Unlock'}
      </button>
    </form>
  );
}
