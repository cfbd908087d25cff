import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Outcome } from '../lib/popup/types';
import type { AccountInfo } from '../lib/wallet/accounts/types';
import { ErrorNotice } from './ErrorNotice';
import { PasswordField } from './PasswordField';
import { usePasswordAttempt } from './usePasswordAttempt';

/**
 * Removing an account deletes its keys from this device for good, so it names the account, says what is
 * lost, and takes the wallet password (not just a click or the name: someone else at an unlocked popup
 * must not be able to do it).
 */
export function RemoveAccount({
  account,
  onRemove,
  onClose,
}: {
  account: AccountInfo;
  onRemove(password: string): Promise<Outcome<null>>;
  onClose(): void;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [password, setPassword] = useState('');
  const { busy, error, waitSeconds, run } = usePasswordAttempt();

  useEffect(() => input.current?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const answer = await run(() => onRemove(password));
    if (!answer.ok) {
      setPassword('');
      input.current?.focus();
    }
  }

  const { registration } = account;
  return (
    <form className="screen" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Remove {account.name}?</h2>
      <div className="card">
        <strong>{account.name}</strong>
        <code className="address" title="Substrate address">
          {account.address}
        </code>
        {registration && (
          <code className="address" title="Ethereum address">
            {registration.ethAddress}
          </code>
        )}
      </div>
      <p className="warning">
        This deletes the account’s keys from this device. Without its recovery phrase or a backup file, it
        cannot be recovered.
      </p>
      {registration &&
        (registration.keyRecovery === 'phrase' ? (
          <p>
            Its Entropy key share, which signs for the Ethereum address, is derived from the recovery phrase:
            importing the phrase restores it.
          </p>
        ) : (
          <p>
            Its Entropy key share, which signs for the Ethereum address, is not in the recovery phrase (it was
            registered before phrase recovery): only a backup file (Settings → Export a backup) brings it
            back.
          </p>
        ))}
      <PasswordField
        label="Wallet password"
        value={password}
        onChange={setPassword}
        waitSeconds={waitSeconds}
        inputRef={input}
      />
      {error && <ErrorNotice error={error} />}
      <div className="row">
        <button type="submit" className="danger" disabled={busy || password === '' || waitSeconds > 0}>
          {busy ? 'Removing…' : `Remove ${account.name}`}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
