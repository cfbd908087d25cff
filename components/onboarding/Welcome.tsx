import { useState } from 'react';
import { DEVNET_ENDPOINT } from '../../lib/settings/defaults';
import { NetworkSettings } from '../NetworkSettings';

function networkName(endpoint: string): string {
  return endpoint === DEVNET_ENDPOINT ? 'Local devnet' : endpoint;
}

/** First run: a new account or an existing one; the network is shown, and changed only when asked. */
export function Welcome({
  endpoint,
  onSaveEndpoint,
  onCreate,
  onImport,
}: {
  endpoint: string;
  onSaveEndpoint(endpoint: string): Promise<boolean>;
  onCreate(): void;
  onImport(): void;
}) {
  const [changing, setChanging] = useState(false);
  return (
    <section className="screen" aria-labelledby="welcome-title">
      <h2 id="welcome-title">Welcome</h2>
      <p>
        Your Ethereum key is split between this device and the Entropy network: no one ever holds all of it.
        Create an account or bring one you already have.
      </p>
      {changing ? (
        <NetworkSettings endpoint={endpoint} onSave={onSaveEndpoint} />
      ) : (
        <p className="row">
          <span>
            Network: <strong>{networkName(endpoint)}</strong>
          </span>
          <button
            type="button"
            className="link"
            aria-label="Change the network"
            onClick={() => setChanging(true)}
          >
            (change)
          </button>
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onCreate}>
          Create a new account
        </button>
        <button type="button" className="secondary" onClick={onImport}>
          Import an account
        </button>
      </div>
    </section>
  );
}
