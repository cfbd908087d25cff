import { useStore } from 'zustand';
import type { WalletStore } from '../lib/popup/store';
import { ErrorNotice } from './ErrorNotice';
import { NetworkSettings } from './NetworkSettings';

export function App({ store }: { store: WalletStore }) {
  const status = useStore(store, (state) => state.status);
  const loading = useStore(store, (state) => state.loading);
  const error = useStore(store, (state) => state.error);
  const updateSettings = useStore(store, (state) => state.updateSettings);

  return (
    <main className="popup">
      <header className="popup-header">
        <h1>Entropy Wallet</h1>
        {status && <span className="version">v{status.version}</span>}
      </header>
      {error && <ErrorNotice message={error.message} code={error.code} />}
      {loading && !status ? (
        <p role="status">Connecting to the wallet…</p>
      ) : (
        status && (
          <NetworkSettings endpoint={status.endpoint} onSave={(endpoint) => updateSettings({ endpoint })} />
        )
      )}
    </main>
  );
}
