import { useId, useState } from 'react';

/** The recovery phrase, shown this once: the only way back into the account if this device is lost. */
export function MnemonicBackup({ mnemonic, onContinue }: { mnemonic: string; onContinue(): void }) {
  const checkId = useId();
  const [written, setWritten] = useState(false);
  const words = mnemonic.split(' ');
  return (
    <section className="screen" aria-labelledby="backup-title">
      <h2 id="backup-title">Write down your recovery phrase</h2>
      <p>
        Anyone with these {words.length} words controls the account. Write them on paper, in order, and keep
        them offline. They are shown only now.
      </p>
      <ol className="mnemonic" aria-label="Recovery phrase">
        {words.map((word, index) => (
          <li key={index}>
            <span className="word">{word}</span>
          </li>
        ))}
      </ol>
      <div className="row">
        <input
          id={checkId}
          type="checkbox"
          checked={written}
          onChange={(event) => setWritten(event.target.checked)}
        />
        <label htmlFor={checkId}>I have written these words down</label>
      </div>
      <button type="button" disabled={!written} onClick={onContinue}>
        Continue
      </button>
    </section>
  );
}
