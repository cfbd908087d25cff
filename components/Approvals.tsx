import { useEffect, useId, useState } from 'react';
import type { PendingRequest } from '../lib/requests/types';
import type { AccountInfo } from '../lib/wallet/accounts/types';
import { Identicon } from './Identicon';
import { PhishingWarning } from './PhishingWarning';
import { RequestDetails } from './RequestDetails';
import { originLabel } from './originLabel';

const TITLES: Record<PendingRequest['display']['kind'], string> = {
  authorize: 'Connection request',
  'evm-transaction': 'Sign a transaction',
  'personal-message': 'Sign a message',
  'substrate-raw': 'Sign a message',
  'typed-data': 'Sign typed data',
  hash: 'Sign a hash',
  'substrate-payload': 'Sign a Substrate transaction',
  'switch-chain': 'Switch network',
  'add-chain': 'Add a network',
};

/** A transaction the account's constraints refuse: the validators would refuse it after its fee was paid. */
function refusalOf(request: PendingRequest) {
  return request.display.kind === 'evm-transaction' ? request.display.refusal : undefined;
}

function AccountLine({ address, accounts }: { address: string; accounts: AccountInfo[] }) {
  const account = accounts.find((a) => a.address === address);
  return (
    <div className="account-line">
      <div className="row">
        <Identicon address={address} />
        {account && <strong>{account.name} </strong>}
        <code className="address">{address}</code>
      </div>
      {account?.registration && (
        <div className="row">
          <Identicon address={account.registration.ethAddress} />
          <code className="address">{account.registration.ethAddress}</code>
        </div>
      )}
    </div>
  );
}

/** What the site will receive for an account: its Ethereum address for Ethereum sites, else the Entropy one. */
function SharedAddress({ account, ethereum }: { account: AccountInfo; ethereum: boolean }) {
  if (ethereum && !account.registration) {
    return <span className="muted">No Ethereum address yet: the site sees nothing for this account</span>;
  }
  const address = ethereum ? account.registration!.ethAddress : account.address;
  return (
    <span className="row">
      <Identicon address={address} />
      <code className="address">{address}</code>
    </span>
  );
}

/**
 * The approval queue, one request at a time. Ctrl/⌘+Enter approves and Escape rejects (both announced on the
 * buttons); Tab reaches the buttons in reading order, after everything being signed.
 */
export function Approvals({
  requests,
  accounts,
  onApprove,
  onReject,
}: {
  requests: PendingRequest[];
  accounts: AccountInfo[];
  onApprove(id: string, accounts?: string[]): void;
  onReject(id: string): void;
}) {
  const id = useId();
  const [index, setIndex] = useState(0);
  const request = requests[Math.min(index, requests.length - 1)];
  const [chosen, setChosen] = useState<string[]>(() => accounts.map((a) => a.address));
  const busy = request?.status === 'approving';
  const refused = request ? refusalOf(request) !== undefined : false;
  // Requests from a flagged site stay behind the full-screen warning until the user clicks through.
  const [acknowledged, setAcknowledged] = useState<string[]>([]);
  const warned = request?.phishing !== undefined && !acknowledged.includes(request.id);

  useEffect(() => {
    if (!request || busy || warned) return;
    const current = request;
    function onKey(event: KeyboardEvent) {
      if (event.key === 'Escape') {
        event.preventDefault();
        onReject(current.id);
      } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        if (!refusalOf(current)) approve(current);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!request) return null;

  function approve(target: PendingRequest) {
    if (target.kind === 'authorize') onApprove(target.id, chosen);
    else onApprove(target.id);
  }

  if (warned && request.phishing) {
    const current = request;
    return (
      <PhishingWarning
        origin={current.origin}
        verdict={current.phishing!}
        onReject={() => onReject(current.id)}
        onProceed={() => setAcknowledged((ids) => [...ids, current.id])}
      />
    );
  }

  const ethereum = request.payload.kind === 'authorize' && request.payload.provider === 'ethereum';
  return (
    <section className="screen approvals" aria-labelledby={`${id}-title`}>
      <div className="row spread">
        <h2 id={`${id}-title`}>{TITLES[request.display.kind]}</h2>
        {requests.length > 1 && (
          <nav className="row" aria-label="Pending requests">
            <button
              type="button"
              className="secondary small"
              aria-label="Previous request"
              disabled={index === 0}
              onClick={() => setIndex(index - 1)}
            >
              ‹
            </button>
            <span>
              {Math.min(index, requests.length - 1) + 1} of {requests.length}
            </span>
            <button
              type="button"
              className="secondary small"
              aria-label="Next request"
              disabled={index >= requests.length - 1}
              onClick={() => setIndex(index + 1)}
            >
              ›
            </button>
          </nav>
        )}
      </div>
      <p className="origin">
        <span className="muted">From </span>
        <strong>{originLabel(request.origin)}</strong>
      </p>
      <div className="request-body">
        {request.kind === 'authorize' ? (
          <fieldset>
            <legend>
              This site wants to see these accounts and ask you for signatures. It will receive the
              {ethereum ? ' Ethereum addresses' : ' Entropy account addresses'} shown.
            </legend>
            {accounts.map((account) => (
              <label key={account.address} className="row">
                <input
                  type="checkbox"
                  checked={chosen.includes(account.address)}
                  onChange={(event) =>
                    setChosen((current) =>
                      event.target.checked
                        ? [...current, account.address]
                        : current.filter((a) => a !== account.address),
                    )
                  }
                />
                <span className="stack">
                  <strong>{account.name}</strong>
                  <SharedAddress account={account} ethereum={ethereum} />
                </span>
              </label>
            ))}
          </fieldset>
        ) : (
          <>
            {request.account && <AccountLine address={request.account} accounts={accounts} />}
            <RequestDetails display={request.display} />
            {request.sigHash && (
              <div className="hash">
                <span className="muted">Hash to be signed</span>
                <code className="data">{request.sigHash}</code>
              </div>
            )}
          </>
        )}
      </div>
      <div className="actions sticky">
        <button
          type="button"
          aria-keyshortcuts="Control+Enter Meta+Enter"
          disabled={busy || refused || (request.kind === 'authorize' && chosen.length === 0)}
          onClick={() => approve(request)}
        >
          {busy ? 'Approving…' : request.kind === 'authorize' ? 'Connect' : 'Approve'}
        </button>
        <button
          type="button"
          className="danger"
          aria-keyshortcuts="Escape"
          disabled={busy}
          onClick={() => onReject(request.id)}
        >
          {refused ? 'Dismiss' : 'Reject'}
        </button>
        <span className="hint">{refused ? 'Esc dismisses' : 'Ctrl+Enter approves, Esc rejects'}</span>
      </div>
    </section>
  );
}
