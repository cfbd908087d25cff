import { useId } from 'react';
import type { AccountInfo } from '../../lib/wallet/accounts/types';
import { BackupExport } from '../Settings';

/**
 * For an account registered before phrase recovery: its key share is random, so the recovery phrase does
 * not restore it. An encrypted backup file is the only way to keep it beyond this device.
 */
export function KeyBackup({
  account,
  onExport,
  onClose,
}: {
  account: AccountInfo;
  onExport(password: string, backupPassword: string): Promise<{ file: string; fileName: string } | undefined>;
  onClose(): void;
}) {
  const id = useId();
  return (
    <section className="screen" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Back up the key of {account.name}</h2>
      <p className="warning">
        {account.name} was registered before keys were derived from the recovery phrase. If this device or
        this browser profile is lost, the phrase brings back the account but not its Ethereum key{' '}
        <code className="address">{account.registration?.ethAddress}</code>. Save an encrypted backup file and
        keep it somewhere safe.
      </p>
      {account.backedUpAt !== undefined && (
        <p className="hint">Last backed up {new Date(account.backedUpAt).toLocaleString()}.</p>
      )}
      <BackupExport onExport={onExport} />
      <button type="button" className="secondary" onClick={onClose}>
        Close
      </button>
    </section>
  );
}
