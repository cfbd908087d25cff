import { useEffect, useRef } from 'react';
import type { AccountScreen } from '../lib/popup/types';
import type { AccountInfo } from '../lib/wallet/accounts/types';
import { CopyButton } from './CopyButton';

// Each button's name starts with its visible label and names the account (WCAG 2.5.3).
const SCREENS: { screen: AccountScreen['screen']; label: string; name(account: string): string }[] = [
  { screen: 'constraints', label: 'Edit constraints', name: (a) => `Edit constraints of ${a}` },
  { screen: 'recovery-phrase', label: 'Recovery phrase', name: (a) => `Recovery phrase of ${a}` },
  { screen: 'restore-key', label: 'Restore key here', name: (a) => `Restore key here of ${a}` },
  { screen: 'remove', label: 'Remove', name: (a) => `Remove ${a}` },
];

/** The user's accounts: Substrate address, and the Ethereum address Entropy signs for once registered. */
export function Accounts({
  accounts,
  onAdd,
  onRegister,
  onOpen,
  returnFocus,
}: {
  accounts: AccountInfo[];
  onAdd(): void;
  onRegister(address: string): void;
  onOpen(screen: AccountScreen): void;
  /** The button whose screen just closed: it gets the focus back. */
  returnFocus?: AccountScreen;
}) {
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  useEffect(() => {
    if (returnFocus) buttons.current.get(`${returnFocus.address} ${returnFocus.screen}`)?.focus();
  }, [returnFocus]);

  return (
    <div className="stack">
      <ul className="list" aria-label="Accounts">
        {accounts.map((account) => (
          <li key={account.address} className="card">
            <strong>{account.name}</strong>
            <div className="row">
              <code className="address" title="Substrate address">
                {account.address}
              </code>
              <CopyButton value={account.address} label={`${account.name} Substrate address`} />
            </div>
            {account.registration ? (
              <>
                <div className="row">
                  <code className="address" title="Ethereum address">
                    {account.registration.ethAddress}
                  </code>
                  <CopyButton
                    value={account.registration.ethAddress}
                    label={`${account.name} Ethereum address`}
                  />
                </div>
                {account.registration.keyRecovery === 'phrase' ? (
                  <p className="hint">The recovery phrase restores this key on any device.</p>
                ) : (
                  <div className="warning" data-testid="legacy-key">
                    <p>
                      Registered before phrase recovery: the recovery phrase does not restore this key.
                      {account.backedUpAt === undefined
                        ? ' Back it up to an encrypted file.'
                        : ` Backed up ${new Date(account.backedUpAt).toLocaleDateString()}.`}
                    </p>
                    {account.backedUpAt === undefined && (
                      <button
                        type="button"
                        className="small"
                        aria-label={`Back up the key of ${account.name}`}
                        onClick={() => onOpen({ address: account.address, screen: 'backup' })}
                      >
                        Back up now
                      </button>
                    )}
                  </div>
                )}
              </>
            ) : (
              <div className="row spread">
                <span className="muted">Not registered with Entropy</span>
                <button
                  type="button"
                  className="secondary small"
                  aria-label={`Register ${account.name} with Entropy`}
                  onClick={() => onRegister(account.address)}
                >
                  Register
                </button>
              </div>
            )}
            <div className="actions">
              {SCREENS.filter(
                ({ screen }) =>
                  (screen !== 'constraints' || account.registration) &&
                  (screen !== 'restore-key' || account.registration?.keyRecovery === 'phrase'),
              ).map(({ screen, label, name }) => (
                <button
                  key={screen}
                  ref={(el) => {
                    const key = `${account.address} ${screen}`;
                    if (el) buttons.current.set(key, el);
                    else buttons.current.delete(key);
                  }}
                  type="button"
                  className={screen === 'remove' ? 'danger small' : 'secondary small'}
                  aria-label={name(account.name)}
                  onClick={() => onOpen({ address: account.address, screen })}
                >
                  {label}
                </button>
              ))}
            </div>
          </li>
        ))}
      </ul>
      <button type="button" className="secondary" onClick={onAdd}>
        Add an account
      </button>
    </div>
  );
}
