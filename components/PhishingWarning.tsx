import type { PhishingVerdict } from '../lib/requests/phishing';

/** Full screen, before anything the site asks is shown: the safe answer is the obvious one. */
export function PhishingWarning({
  origin,
  verdict,
  onReject,
  onProceed,
}: {
  origin: string;
  verdict: PhishingVerdict;
  onReject(): void;
  onProceed(): void;
}) {
  return (
    <section className="screen phishing" aria-labelledby="phishing-title">
      <h2 id="phishing-title">This site may be trying to steal from you</h2>
      <p className="origin">
        <strong>{origin}</strong>
      </p>
      <p role="alert">
        {verdict.reason === 'lookalike'
          ? `${verdict.host} looks like ${verdict.resembles ?? 'a well-known site'}, but it is not that site. Phishing sites copy real ones to get signatures that empty wallets.`
          : `${verdict.host} is on a list of known phishing sites. Sites on this list ask for signatures that hand over accounts or funds.`}
      </p>
      <p className="muted">Source: {verdict.source}, shipped with this wallet.</p>
      <div className="actions">
        <button type="button" className="danger-solid" autoFocus onClick={onReject}>
          Reject and stay safe
        </button>
        <button type="button" className="link" onClick={onProceed}>
          I understand the risk: show me the request
        </button>
      </div>
    </section>
  );
}
