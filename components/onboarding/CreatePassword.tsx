import { useId, useState, type FormEvent } from 'react';
import { MIN_PASSWORD_SCORE } from '../../lib/popup/password-policy';
import { PasswordStrengthMeter } from '../PasswordStrengthMeter';
import { usePasswordStrength } from '../usePasswordStrength';

/** The wallet password encrypts everything on this device; it must resist an offline guesser. */
export function CreatePassword({ onSubmit }: { onSubmit(password: string): Promise<boolean> }) {
  const passwordId = useId();
  const repeatId = useId();
  const strengthId = useId();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState(false);
  const strength = usePasswordStrength(password);
  const strongEnough = strength !== undefined && strength.score >= MIN_PASSWORD_SCORE;
  const matches = password === repeat;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!strongEnough || !matches) return;
    setBusy(true);
    if (!(await onSubmit(password))) setBusy(false);
  }

  return (
    <form className="screen" onSubmit={submit} aria-labelledby="password-title">
      <h2 id="password-title">Set a password</h2>
      <p>It unlocks the wallet on this device. Nobody can reset it for you.</p>
      <label htmlFor={passwordId}>Password</label>
      <input
        id={passwordId}
        type={shown ? 'text' : 'password'}
        autoComplete="new-password"
        value={password}
        aria-describedby={strengthId}
        onChange={(event) => setPassword(event.target.value)}
      />
      <label className="check">
        <input type="checkbox" checked={shown} onChange={(event) => setShown(event.target.checked)} />
        Show the passwords
      </label>
      <PasswordStrengthMeter strength={strength} id={strengthId} />
      <label htmlFor={repeatId}>Repeat the password</label>
      <input
        id={repeatId}
        type={shown ? 'text' : 'password'}
        autoComplete="new-password"
        value={repeat}
        aria-invalid={repeat.length > 0 && !matches}
        onChange={(event) => setRepeat(event.target.value)}
      />
      <p className="hint" aria-live="polite">
        {repeat.length > 0 && !matches ? 'The passwords differ.' : '\u00a0'}
      </p>
      <button type="submit" disabled={!strongEnough || !matches || busy}>
        {busy ? 'Creating the wallet…' : 'Continue'}
      </button>
    </form>
  );
}
