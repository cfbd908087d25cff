import { useId, useState, type FormEvent } from 'react';
import type { ErrorView, Outcome, RestoreView } from '../../lib/popup/types';
import type { RecoveryPreview } from '../../lib/wallet/recovery/restore';
import { ErrorNotice } from '../ErrorNotice';
import { RecoveryPreviewCard, RestoreStatus } from '../recovery/RestoreStatus';

/**
 * An existing account: from its recovery phrase — which restores its Entropy key too, after showing what
 * the network holds for it — or from a wallet backup file (which also holds key shares).
 */
export function ImportAccount({
  onImportMnemonic,
  onPreview,
  onRestore,
  restore,
  onImportBackup,
  onBack,
}: {
  /** The account alone, without a key (not registered, registered before phrase recovery, network away). */
  onImportMnemonic(name: string, mnemonic: string): Promise<boolean>;
  onPreview(mnemonic: string): Promise<Outcome<RecoveryPreview>>;
  onRestore(name: string, mnemonic: string): Promise<boolean>;
  restore?: RestoreView;
  onImportBackup(file: string, password: string): Promise<boolean>;
  onBack(): void;
}) {
  const id = useId();
  const [preview, setPreview] = useState<RecoveryPreview>();
  const [previewError, setPreviewError] = useState<ErrorView>();
  const [restoring, setRestoring] = useState(false);
  const [source, setSource] = useState<'mnemonic' | 'backup'>('mnemonic');
  const [mnemonic, setMnemonic] = useState('');
  const [name, setName] = useState('Account 1');
  const [file, setFile] = useState<string>();
  const [backupPassword, setBackupPassword] = useState('');
  const [busy, setBusy] = useState(false);

  const phrase = () => mnemonic.trim().split(/\s+/).join(' ');
  const accountName = () => name.trim() || 'Account 1';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    if (source === 'backup') {
      if (!(await onImportBackup(file ?? '', backupPassword))) setBusy(false);
      return;
    }
    // First what the network holds for this phrase; nothing is written until the user chooses.
    const answer = await onPreview(phrase());
    setBusy(false);
    if (answer.ok) {
      setPreview(answer.value);
      setPreviewError(undefined);
    } else {
      setPreviewError(answer.error);
    }
  }

  async function importOnly() {
    setBusy(true);
    if (!(await onImportMnemonic(accountName(), phrase()))) setBusy(false);
  }

  async function restoreKey() {
    setRestoring(true);
    if (!(await onRestore(accountName(), phrase()))) setRestoring(false);
  }

  if (restoring || (preview && restore?.step === 'failed')) {
    return (
      <section className="screen" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>Restoring your account and key</h2>
        {restore && <RestoreStatus view={{ ...restore, preview: restore.preview ?? preview }} />}
        {restore?.step === 'failed' && (
          <div className="actions">
            <button type="button" onClick={() => void restoreKey()}>
              Try again
            </button>
            <button type="button" className="secondary" onClick={onBack}>
              Back
            </button>
          </div>
        )}
      </section>
    );
  }

  if (preview) {
    const restorable = preview.registration?.fromPhrase === true;
    return (
      <section className="screen" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>What your phrase restores</h2>
        <RecoveryPreviewCard preview={preview} />
        <div className="actions">
          {restorable ? (
            <button type="button" onClick={() => void restoreKey()}>
              Restore account and key
            </button>
          ) : (
            <button type="button" disabled={busy} onClick={() => void importOnly()}>
              {preview.registration ? 'Import the account without its key' : 'Import the account'}
            </button>
          )}
          {preview.registration && !restorable && (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setPreview(undefined);
                setSource('backup');
              }}
            >
              Use a backup file
            </button>
          )}
          <button type="button" className="secondary" onClick={() => setPreview(undefined)}>
            Back
          </button>
        </div>
      </section>
    );
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
      {previewError && source === 'mnemonic' && <ErrorNotice error={previewError} />}
      <div className="actions">
        <button type="submit" disabled={!ready || busy}>
          {busy
            ? source === 'mnemonic'
              ? 'Looking it up…'
              : 'Importing…'
            : source === 'mnemonic'
              ? 'Continue'
              : 'Import'}
        </button>
        {previewError?.code === 'CHAIN_UNAVAILABLE' && source === 'mnemonic' && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void importOnly()}>
            Import the account only (restore its key later)
          </button>
        )}
        <button type="button" className="secondary" onClick={onBack}>
          Back
        </button>
      </div>
    </form>
  );
}
