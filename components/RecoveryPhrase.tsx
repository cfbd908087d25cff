import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Outcome } from '../lib/popup/types';
import type { AccountInfo } from '../lib/wallet/accounts/types';
import { CopyButton } from './CopyButton';
import { ErrorNotice } from './ErrorNotice';
import { PasswordField } from './PasswordField';
import { usePasswordAttempt } from './usePasswordAttempt';

/**
 * An account's recovery phrase, after the wallet password again. The words stay hidden until asked for, and
 * live only in this screen's memory: closing it forgets them.
 */
export function RecoveryPhrase({
  account,
  onExport,
  onClose,
}: {
  account: AccountInfo;
  onExport(password: string): Promise<Outcome<string>>;
  onClose(): void;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [password, setPassword] = useState('');
  const [mnemonic, setMnemonic] = useState<string>();
  const [shown, setShown] = useState(false);
  const { busy, error, waitSeconds, run } = usePasswordAttempt();

  useEffect(() => (mnemonic ? heading.current : input.current)?.focus(), [mnemonic]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const answer = await run(() => onExport(password));
    setPassword('');
    if (answer.ok) setMnemonic(answer.value);
    else input.current?.focus();
  }

  const title = (
    <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
      Recovery phrase of {account.name}
    </h2>
  );

  if (!mnemonic) {
    return (
      <form className="screen" onSubmit={submit} aria-labelledby={`${id}-title`}>
        {title}
        <p>
          Anyone who sees these words controls the account. Make sure nobody is watching your screen, then
          enter the wallet password.
        </p>
        <PasswordField
          label="Wallet password"
          value={password}
          onChange={setPassword}
          waitSeconds={waitSeconds}
          inputRef={input}
        />
        {error && <ErrorNotice error={error} />}
        <button type="submit" disabled={busy || password === '' || waitSeconds > 0}>
          {busy ? 'Checking the password…' : 'Show the recovery phrase'}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
      </form>
    );
  }

  const words = mnemonic.split(' ');
  return (
    <section className="screen" aria-labelledby={`${id}-title`}>
      {title}
      <p className="warning">
        Anyone with these {words.length} words controls {account.name}. Keep them on paper, offline; never
        type them into a website. Entropy Wallet never asks for them.
      </p>
      <ol className="mnemonic" aria-label={shown ? 'Recovery phrase' : 'Recovery phrase, hidden'}>
        {words.map((word, index) => (
          <li key={index}>
            <span className="word">{shown ? word : '•••••'}</span>
          </li>
        ))}
      </ol>
      <div className="row">
        <CopyButton value={mnemonic} label="recovery phrase" />
        <button type="button" className="secondary small" onClick={() => setShown(!shown)}>
          {shown ? 'Hide the words' : 'Show the words'}
        </button>
      </div>
      <p className="hint">A copied phrase stays on the clipboard, where other programs can read it.</p>
      <button type="button" onClick={onClose}>
        Done
      </button>
    </section>
  );
}
