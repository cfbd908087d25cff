import type { NetworkStatus } from '../lib/wallet/network';

const TEXT = { connected: 'Connected', connecting: 'Connecting…', unreachable: 'Unreachable' } as const;

/** Whether the wallet can talk to its chain, and which endpoint it tries: never a guess. */
export function NetworkIndicator({
  network,
  reconnecting,
}: {
  network?: NetworkStatus;
  /** The popup lost its service worker and is reconnecting to it. */
  reconnecting: boolean;
}) {
  if (reconnecting) {
    return (
      <section className="network connecting" aria-label="Network status">
        <p aria-live="polite">
          <span className="dot" aria-hidden="true" /> Reconnecting to the wallet…
        </p>
      </section>
    );
  }
  if (!network) return null;
  return (
    <section className={`network ${network.state}`} aria-label="Network status">
      <p aria-live="polite">
        <span className="dot" aria-hidden="true" /> <strong>{TEXT[network.state]}</strong>
        {network.chain && ` · ${network.chain}`} <span className="endpoint">{network.endpoint}</span>
      </p>
      {network.state === 'unreachable' && network.error && (
        <p className="network-error">{network.error}. Start the node or change the endpoint in Settings.</p>
      )}
    </section>
  );
}
