import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

/** The locked wallet: one password field, focused, with the back-off after wrong guesses shown in words. */
export function Unlock({
  onUnlock,
  retryAfterMs = 0,
}: {
  onUnlock(password: string): Promise<boolean>;
  retryAfterMs?: number;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

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

  const waitSeconds = Math.ceil(retryAfterMs / 1000);
  return (
    <form className="screen unlock" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Unlock the wallet</h2>
      <label htmlFor={`${id}-password`}>Password</label>
      <input
        id={`${id}-password`}
        ref={input}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      <p className="hint">
        {waitSeconds > 0 ? `Too many wrong passwords: try again in ${waitSeconds} s.` : '\u00a0'}
      </p>
      <button type="submit" disabled={busy || password === ''}>
        {busy ? 'Unlocking…' : 'Unlock'}
      </button>
    </form>
  );
}
