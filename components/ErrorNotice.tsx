import type { ErrorView } from '../lib/popup/types';

/** An error in words first; the code and details a developer needs sit behind a disclosure. */
export function ErrorNotice({ error, onDismiss }: { error: ErrorView; onDismiss?: () => void }) {
  return (
    <div className="error-notice" role="alert">
      <p>{error.message}</p>
      <details>
        <summary>Technical details</summary>
        <code>{error.code}</code>
        {error.details && <pre>{JSON.stringify(error.details, null, 2)}</pre>}
      </details>
      {onDismiss && (
        <button type="button" className="link" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
