import { useId, useState } from 'react';
import type { RestoreView } from '../../lib/popup/types';
import type { AccountInfo } from '../../lib/wallet/accounts/types';
import { RestoreStatus } from './RestoreStatus';

/**
 * Restores an account's key on this device again from its stored phrase — after another device restored
 * it (which made that device the live one for every signing group).
 */
export function RestoreKey({
  account,
  restore,
  onRestore,
  onClose,
}: {
  account: AccountInfo;
  restore?: RestoreView;
  onRestore(): Promise<unknown>;
  onClose(): void;
}) {
  const id = useId();
  const [started, setStarted] = useState(false);
  const running = started && restore !== undefined && restore.step !== 'done' && restore.step !== 'failed';
  return (
    <section className="screen" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Restore the key of {account.name}</h2>
      {!started && (
        <p>
          The key is restored from this account’s recovery phrase and linked again with every signing group.
          This device then signs for {account.registration?.ethAddress ?? 'the account'}; another device that
          holds the account has to restore it again before it can sign.
        </p>
      )}
      {started && restore && <RestoreStatus view={restore} />}
      <div className="actions">
        {(!started || restore?.step === 'failed') && (
          <button
            type="button"
            onClick={() => {
              setStarted(true);
              void onRestore();
            }}
          >
            {restore?.step === 'failed' ? 'Try again' : 'Restore the key here'}
          </button>
        )}
        <button type="button" className="secondary" disabled={running} onClick={onClose}>
          {restore?.step === 'done' && started ? 'Done' : 'Close'}
        </button>
      </div>
    </section>
  );
}
