import { NetworkSettings } from '../NetworkSettings';

/** First run: which network, then a new account or an existing one. */
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
  return (
    <section className="screen" aria-labelledby="welcome-title">
      <h2 id="welcome-title">Welcome</h2>
      <p>
        Your Ethereum key is split between this device and the Entropy network: no one ever holds all of it.
        Choose the network, then create an account or bring one you already have.
      </p>
      <NetworkSettings endpoint={endpoint} onSave={onSaveEndpoint} />
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
