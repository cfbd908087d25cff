import type { RecoveryPreview } from '../../lib/wallet/recovery/restore';
import type { RestoreView } from '../../lib/popup/types';
import { CopyButton } from '../CopyButton';
import { ErrorNotice } from '../ErrorNotice';

const GROUP_STATE = {
  waiting: { mark: '·', words: 'waiting' },
  running: { mark: '…', words: 'setting up the link' },
  done: { mark: '✓', words: 'linked' },
  failed: { mark: '✕', words: 'refused' },
} as const;

/** What a phrase restores: the account, its registration and its Ethereum address. */
export function RecoveryPreviewCard({ preview }: { preview: RecoveryPreview }) {
  const { registration } = preview;
  return (
    <div className="card stack" aria-label="What will be restored">
      <p>
        Account <code className="address">{preview.address}</code>
      </p>
      {!registration && (
        <p className="muted">Not registered with Entropy on this network: no key to restore.</p>
      )}
      {registration && (
        <>
          <p>
            Registered in block {registration.blockNumber || 'unknown'}, signing with{' '}
            {registration.groups.length} signing group{registration.groups.length === 1 ? '' : 's'}
          </p>
          <p>Ethereum address</p>
          <div className="row">
            <code className="address" data-testid="restore-eth-address">
              {registration.ethAddress}
            </code>
            <CopyButton value={registration.ethAddress} label="Ethereum address" />
          </div>
          {!registration.fromPhrase && (
            <p className="warning">
              This account was registered before keys were derived from the recovery phrase: the phrase
              restores the account but not its key. Only an encrypted backup file holds that key.
            </p>
          )}
        </>
      )}
    </div>
  );
}

/** A running (or finished, or failed) restore: the preview, then each signing group's link. */
export function RestoreStatus({ view }: { view: RestoreView }) {
  const preview = view.preview;
  const groups = view.step === 'failed' ? [] : (view.groups ?? []);
  return (
    <div className="stack">
      {preview && <RecoveryPreviewCard preview={preview} />}
      {view.step === 'discover' && <p role="status">Looking up the account on the network…</p>}
      {groups.length > 0 && (
        <ol className="steps" aria-label="Signing groups">
          {groups.map((g) => (
            <li
              key={g.group}
              className={`step ${g.state === 'done' ? 'done' : g.state === 'running' ? 'active' : 'waiting'}`}
            >
              <span className="step-mark" aria-hidden="true">
                {GROUP_STATE[g.state].mark}
              </span>
              <span>
                Signing group {g.group}: {GROUP_STATE[g.state].words}
                {g.endpoint && g.state === 'running' && <span className="muted"> ({g.endpoint})</span>}
                {g.error && <span className="muted"> — {g.error}</span>}
              </span>
            </li>
          ))}
        </ol>
      )}
      {view.step === 'store' && <p role="status">Saving the account and its key…</p>}
      {view.step === 'done' && (
        <p role="status">
          Restored: this device now holds the account’s key share and signs for its Ethereum address. A device
          that held it before has to restore it again to sign.
        </p>
      )}
      {view.step === 'failed' && (
        <>
          <ErrorNotice error={view.error} />
          <p className="hint">Nothing was saved: the wallet is as it was before.</p>
        </>
      )}
    </div>
  );
}
