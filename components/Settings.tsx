import { useId, useState, type FormEvent } from 'react';
import type { Settings as WalletSettings } from '../lib/messaging';
import type { OriginPermission } from '../lib/permissions/store';
import type { Outcome } from '../lib/popup/types';
import { ChangePassword } from './ChangePassword';
import { EvmNetworkSettings } from './EvmNetworkSettings';
import { NetworkSettings } from './NetworkSettings';
import type { EvmNetwork } from '../lib/settings/types';

const AUTO_LOCK_CHOICES = [1, 5, 15, 30, 60];

export function BackupExport({
  onExport,
}: {
  onExport(password: string, backupPassword: string): Promise<{ file: string; fileName: string } | undefined>;
}) {
  const id = useId();
  const [password, setPassword] = useState('');
  const [backupPassword, setBackupPassword] = useState('');
  const [download, setDownload] = useState<{ url: string; fileName: string }>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const backup = await onExport(password, backupPassword);
    setPassword('');
    if (!backup) return;
    setBackupPassword('');
    setDownload({
      url: URL.createObjectURL(new Blob([backup.file], { type: 'application/json' })),
      fileName: backup.fileName,
    });
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Export a backup</h3>
      <p className="hint">An encrypted file with your accounts and Entropy key shares.</p>
      <label htmlFor={`${id}-password`}>Wallet password</label>
      <input
        id={`${id}-password`}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      <label htmlFor={`${id}-backup`}>Password for the backup file</label>
      <input
        id={`${id}-backup`}
        type="password"
        autoComplete="new-password"
        value={backupPassword}
        onChange={(event) => setBackupPassword(event.target.value)}
      />
      <div className="row">
        <button type="submit" disabled={password === '' || backupPassword === ''}>
          Export
        </button>
        {download && (
          <a href={download.url} download={download.fileName}>
            Download {download.fileName}
          </a>
        )}
      </div>
    </form>
  );
}

/** Endpoint, auto-lock, authorised sites, eth_sign, backups and the wallet password. */
export function Settings({
  settings,
  autoLockMinutes,
  permissions,
  onSaveEndpoint,
  onSetAutoLock,
  onSetEthSign,
  onSaveEvmNetworks,
  onRevoke,
  onExportBackup,
  onChangePassword,
}: {
  settings: WalletSettings;
  autoLockMinutes: number;
  permissions: OriginPermission[];
  onSaveEndpoint(endpoint: string): Promise<boolean>;
  onSetAutoLock(minutes: number): Promise<boolean>;
  onSetEthSign(enabled: boolean): Promise<boolean>;
  onSaveEvmNetworks(networks: EvmNetwork[]): Promise<boolean>;
  onRevoke(origin: string): Promise<boolean>;
  onExportBackup(
    password: string,
    backupPassword: string,
  ): Promise<{ file: string; fileName: string } | undefined>;
  onChangePassword(current: string, next: string): Promise<Outcome<null>>;
}) {
  const id = useId();
  const choices = AUTO_LOCK_CHOICES.includes(autoLockMinutes)
    ? AUTO_LOCK_CHOICES
    : [...AUTO_LOCK_CHOICES, autoLockMinutes].sort((a, b) => a - b);
  return (
    <div className="stack">
      <NetworkSettings endpoint={settings.endpoint} onSave={onSaveEndpoint} />
      <EvmNetworkSettings
        networks={settings.evmNetworks}
        defaultChainId={settings.defaultEvmChainId}
        onSave={onSaveEvmNetworks}
      />
      <div className="card">
        <label htmlFor={`${id}-autolock`}>Lock automatically after</label>
        <select
          id={`${id}-autolock`}
          value={autoLockMinutes}
          onChange={(event) => void onSetAutoLock(Number(event.target.value))}
        >
          {choices.map((minutes) => (
            <option key={minutes} value={minutes}>
              {minutes === 1 ? '1 minute' : `${minutes} minutes`} without use
            </option>
          ))}
        </select>
      </div>
      <div className="card">
        <div className="row">
          <input
            id={`${id}-ethsign`}
            type="checkbox"
            checked={settings.ethSignEnabled}
            aria-describedby={`${id}-ethsign-hint`}
            onChange={(event) => void onSetEthSign(event.target.checked)}
          />
          <label htmlFor={`${id}-ethsign`}>Allow sites to use eth_sign</label>
        </div>
        <p className="hint" id={`${id}-ethsign-hint`}>
          eth_sign signs an opaque hash, which could be a transaction you never see. Leave it off unless a
          site you trust needs it.
        </p>
      </div>
      <section className="card" aria-labelledby={`${id}-sites`}>
        <h3 id={`${id}-sites`}>Authorised sites</h3>
        {permissions.length === 0 ? (
          <p className="muted">No site has asked yet.</p>
        ) : (
          <ul className="list">
            {permissions.map((permission) => (
              <li key={permission.origin} className="row spread">
                <span>
                  {permission.origin}
                  <span className="muted"> · {permission.allowed ? 'allowed' : 'refused'}</span>
                </span>
                <button
                  type="button"
                  className="secondary small"
                  aria-label={`Revoke ${permission.origin}`}
                  onClick={() => void onRevoke(permission.origin)}
                >
                  Revoke
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <BackupExport onExport={onExportBackup} />
      <ChangePassword onChange={onChangePassword} />
    </div>
  );
}
