import { useId, useState, type FormEvent } from 'react';
import type { EvmNetwork } from '../lib/settings/types';

function RpcForm({ network, onSave }: { network: EvmNetwork; onSave(rpcUrl: string): Promise<boolean> }) {
  const id = useId();
  const [draft, setDraft] = useState(network.rpcUrl);
  const [saved, setSaved] = useState(false);
  const [stored, setStored] = useState(network.rpcUrl);
  if (stored !== network.rpcUrl) {
    // Saved here (as the wallet normalised it) or changed elsewhere: show what the wallet now uses.
    setStored(network.rpcUrl);
    setDraft(network.rpcUrl);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(await onSave(draft.trim()));
  }

  return (
    <li>
      <form className="stack" onSubmit={submit}>
        <label htmlFor={id}>
          {network.name} ({network.chainId}) RPC
          {network.addedBy && <span className="muted"> · added by {network.addedBy}</span>}
        </label>
        <input
          id={id}
          value={draft}
          spellCheck={false}
          onChange={(event) => {
            setDraft(event.target.value);
            setSaved(false);
          }}
        />
        <div className="row">
          <button
            type="submit"
            className="secondary small"
            aria-label={`Save the RPC of ${network.name}`}
            disabled={draft.trim() === network.rpcUrl}
          >
            Save
          </button>
          <span role="status">{saved ? 'Saved' : ''}</span>
        </div>
      </form>
    </li>
  );
}

/** The EVM chains sites may use, each with its RPC endpoint (reads go there, signed transactions too). */
export function EvmNetworkSettings({
  networks,
  defaultChainId,
  onSave,
}: {
  networks: EvmNetwork[];
  defaultChainId: number;
  onSave(networks: EvmNetwork[]): Promise<boolean>;
}) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Ethereum networks</h3>
      <p className="hint">
        Sites start on {networks.find((n) => n.chainId === defaultChainId)?.name ?? `chain ${defaultChainId}`}
        .
      </p>
      <ul className="list">
        {networks.map((network) => (
          <RpcForm
            // By chain only: a saved RPC must not remount the form, which would drop its "Saved".
            key={network.chainId}
            network={network}
            onSave={(rpcUrl) =>
              onSave(networks.map((n) => (n.chainId === network.chainId ? { ...n, rpcUrl } : n)))
            }
          />
        ))}
      </ul>
    </section>
  );
}
