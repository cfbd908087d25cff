import { useId, useState, type FormEvent } from 'react';
import { MIN_PASSWORD_SCORE } from '../lib/popup/password-policy';
import type { Outcome } from '../lib/popup/types';
import { PasswordField } from './PasswordField';
import { PasswordStrengthMeter } from './PasswordStrengthMeter';
import { ErrorNotice } from './ErrorNotice';
import { usePasswordAttempt } from './usePasswordAttempt';
import { usePasswordStrength } from './usePasswordStrength';

/** The current password, then a new one held to the same strength rule as the first, typed twice. */
export function ChangePassword({
  onChange,
}: {
  onChange(current: string, next: string): Promise<Outcome<null>>;
}) {
  const id = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [changed, setChanged] = useState(false);
  const { busy, error, waitSeconds, run } = usePasswordAttempt();
  const strength = usePasswordStrength(next);
  const strongEnough = strength !== undefined && strength.score >= MIN_PASSWORD_SCORE;
  const differs = repeat.length > 0 && repeat !== next;
  const unchanged = next !== '' && next === current;
  const ready = current !== '' && strongEnough && repeat === next && !unchanged && waitSeconds === 0;

  function edit(set: (value: string) => void) {
    return (value: string) => {
      set(value);
      setChanged(false);
    };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready) return;
    const answer = await run(() => onChange(current, next));
    setCurrent('');
    if (!answer.ok) return;
    setNext('');
    setRepeat('');
    setChanged(true);
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Change the password</h3>
      <PasswordField
        label="Current password"
        value={current}
        onChange={edit(setCurrent)}
        waitSeconds={waitSeconds}
      />
      <label htmlFor={`${id}-next`}>New password</label>
      <input
        id={`${id}-next`}
        type="password"
        autoComplete="new-password"
        value={next}
        aria-describedby={`${id}-strength`}
        onChange={(event) => edit(setNext)(event.target.value)}
      />
      <PasswordStrengthMeter strength={strength} id={`${id}-strength`} />
      <label htmlFor={`${id}-repeat`}>Repeat the new password</label>
      <input
        id={`${id}-repeat`}
        type="password"
        autoComplete="new-password"
        value={repeat}
        aria-invalid={differs}
        aria-describedby={`${id}-repeat-hint`}
        onChange={(event) => edit(setRepeat)(event.target.value)}
      />
      <p className="hint" id={`${id}-repeat-hint`} aria-live="polite">
        {differs
          ? 'The new passwords differ.'
          : unchanged
            ? 'The new password is the same as the current one.'
            : '\u00a0'}
      </p>
      {error && <ErrorNotice error={error} />}
      <div className="row">
        <button type="submit" disabled={!ready || busy}>
          {busy ? 'Changing the password…' : 'Change the password'}
        </button>
        <span role="status">{changed ? 'Password changed' : ''}</span>
      </div>
    </form>
  );
}
