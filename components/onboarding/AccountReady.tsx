import type { AccountInfo } from '../../lib/wallet/accounts/types';
import { CopyButton } from '../CopyButton';

/** The end of onboarding when the account is created (or imported) and registration comes later. */
export function AccountReady({ accounts, onFinish }: { accounts: AccountInfo[]; onFinish(): void }) {
  return (
    <section className="screen" aria-labelledby="ready-title">
      <h2 id="ready-title">Your wallet is ready</h2>
      <ul className="list">
        {accounts.map((account) => (
          <li key={account.address} className="card">
            <strong>{account.name}</strong>
            <div className="row">
              <code className="address">{account.address}</code>
              <CopyButton value={account.address} label={`${account.name} address`} />
            </div>
            {account.registration ? (
              <p>
                Ethereum address <code className="address">{account.registration.ethAddress}</code>
              </p>
            ) : (
              <p className="muted">Not registered with Entropy yet.</p>
            )}
          </li>
        ))}
      </ul>
      <button type="button" onClick={onFinish}>
        Open the wallet
      </button>
    </section>
  );
}
