import { formatTime } from '../lib/popup/format';
import type { HistoryEntry } from '../lib/popup/types';
import { CopyButton } from './CopyButton';

const OUTCOME_TEXT: Record<HistoryEntry['outcome'], string> = {
  signed: 'Signed',
  authorised: 'Connected',
  rejected: 'Rejected',
  failed: 'Failed',
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
            <span
              className={`badge ${entry.outcome === 'signed' || entry.outcome === 'authorised' ? 'good' : 'bad'}`}
            >
              {OUTCOME_TEXT[entry.outcome]}
            </span>
          </div>
          <span className="muted">
            {entry.origin} · <time dateTime={new Date(entry.at).toISOString()}>{formatTime(entry.at)}</time>
          </span>
          {entry.signature && (
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
