import { useId, useState, type FormEvent } from 'react';

/** An existing account: from its recovery phrase, or from a wallet backup file (which also holds key shares). */
export function ImportAccount({
  onImportMnemonic,
  onImportBackup,
  onBack,
}: {
  onImportMnemonic(name: string, mnemonic: string): Promise<boolean>;
  onImportBackup(file: string, password: string): Promise<boolean>;
  onBack(): void;
}) {
  const id = useId();
  const [source, setSource] = useState<'mnemonic' | 'backup'>('mnemonic');
  const [mnemonic, setMnemonic] = useState('');
  const [name, setName] = useState('Account 1');
  const [file, setFile] = useState<string>();
  const [backupPassword, setBackupPassword] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const done =
      source === 'mnemonic'
        ? await onImportMnemonic(name.trim() || 'Account 1', mnemonic.trim().split(/\s+/).join(' '))
        : await onImportBackup(file ?? '', backupPassword);
    if (!done) setBusy(false);
  }

  const ready =
    source === 'mnemonic' ? mnemonic.trim().length > 0 : file !== undefined && backupPassword !== '';

  return (
    <form className="screen" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Import an account</h2>
      <fieldset className="segmented">
        <legend>Import from</legend>
        <label>
          <input
            type="radio"
            name={`${id}-source`}
            checked={source === 'mnemonic'}
            onChange={() => setSource('mnemonic')}
          />
          Recovery phrase
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-source`}
            checked={source === 'backup'}
            onChange={() => setSource('backup')}
          />
          Backup file
        </label>
      </fieldset>
      {source === 'mnemonic' ? (
        <>
          <label htmlFor={`${id}-mnemonic`}>The words of your recovery phrase</label>
          <textarea
            id={`${id}-mnemonic`}
            rows={3}
            autoComplete="off"
            spellCheck={false}
            value={mnemonic}
            onChange={(event) => setMnemonic(event.target.value)}
          />
          <label htmlFor={`${id}-name`}>Account name</label>
          <input
            id={`${id}-name`}
            value={name}
            maxLength={64}
            onChange={(event) => setName(event.target.value)}
          />
        </>
      ) : (
        <>
          <label htmlFor={`${id}-file`}>Backup file to restore</label>
          <input
            id={`${id}-file`}
            type="file"
            accept="application/json,.json"
            onChange={(event) => {
              const chosen = event.target.files?.[0];
              if (chosen) void chosen.text().then(setFile);
            }}
          />
          <label htmlFor={`${id}-backup-password`}>Backup password</label>
          <input
            id={`${id}-backup-password`}
            type="password"
            autoComplete="off"
            value={backupPassword}
            onChange={(event) => setBackupPassword(event.target.value)}
          />
        </>
      )}
      <div className="actions">
        <button type="submit" disabled={!ready || busy}>
          {busy ? 'Importing…' : 'Import'}
        </button>
        <button type="button" className="secondary" onClick={onBack}>
          Back
        </button>
      </div>
    </form>
  );
}
