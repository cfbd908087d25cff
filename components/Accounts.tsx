import type { AccountInfo } from '../lib/wallet/accounts/types';
import { CopyButton } from './CopyButton';

/** The user's accounts: Substrate address, and the Ethereum address Entropy signs for once registered. */
export function Accounts({
  accounts,
  onAdd,
  onRegister,
}: {
  accounts: AccountInfo[];
  onAdd(): void;
  onRegister(address: string): void;
}) {
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
              <div className="row">
                <code className="address" title="Ethereum address">
                  {account.registration.ethAddress}
                </code>
                <CopyButton
                  value={account.registration.ethAddress}
                  label={`${account.name} Ethereum address`}
                />
              </div>
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
          </li>
        ))}
      </ul>
      <button type="button" className="secondary" onClick={onAdd}>
        Add an account
      </button>
    </div>
  );
}
