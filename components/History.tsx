import { formatTime } from '../lib/popup/format';
import type { HistoryEntry } from '../lib/popup/types';
import { CopyButton } from './CopyButton';
import { originLabel } from './originLabel';

const OUTCOME_TEXT: Record<HistoryEntry['outcome'], string> = {
  signed: 'Signed',
  authorised: 'Connected',
  approved: 'Approved',
  rejected: 'Rejected',
  failed: 'Failed',
};

const TRANSACTION_TEXT: Record<NonNullable<HistoryEntry['transaction']>['status'], string> = {
  pending: 'Pending',
  confirmed: 'Confirmed',
  failed: 'Failed on chain',
};
const TRANSACTION_BADGE: Record<NonNullable<HistoryEntry['transaction']>['status'], string> = {
  pending: '',
  confirmed: 'good',
  failed: 'bad',
};

/** Every answered request, newest first, with its outcome, signature or reason. */
export function History({ entries }: { entries: HistoryEntry[] }) {
  if (entries.length === 0) return <p className="muted">No requests yet.</p>;
  return (
    <ul className="list" aria-label="Request history">
      {entries.map((entry) => (
        <li key={entry.id} className="card history-entry">
          <div className="row spread">
            <strong>{entry.summary}</strong>
            {entry.transaction ? (
              <span className={`badge ${TRANSACTION_BADGE[entry.transaction.status]}`}>
                {TRANSACTION_TEXT[entry.transaction.status]}
              </span>
            ) : (
              <span
                className={`badge ${entry.outcome === 'rejected' || entry.outcome === 'failed' ? 'bad' : 'good'}`}
              >
                {OUTCOME_TEXT[entry.outcome]}
              </span>
            )}
          </div>
          <span className="muted">
            {originLabel(entry.origin)} ·{' '}
            <time dateTime={new Date(entry.at).toISOString()}>{formatTime(entry.at)}</time>
          </span>
          {entry.transaction && (
            <div className="row">
              <code className="data" aria-label="Transaction hash">
                {entry.transaction.hash}
              </code>
              <CopyButton value={entry.transaction.hash} label="transaction hash" />
              {entry.transaction.explorerUrl && (
                <a href={entry.transaction.explorerUrl} target="_blank" rel="noreferrer noopener">
                  View in explorer
                </a>
              )}
            </div>
          )}
          {entry.signature && !entry.transaction && (
            <div className="row">
              <code className="data">{entry.signature}</code>
              <CopyButton value={entry.signature} label="signature" />
            </div>
          )}
          {entry.error && (
            <details>
              <summary>{entry.error.message}</summary>
              <code>{entry.error.code}</code>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}
