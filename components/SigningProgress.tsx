import { formatDuration, shortAddress } from '../lib/popup/format';
import type {
  CommitteeMemberView,
  ConstraintResult,
  MemberState,
  SessionStatus,
  SigningSessionView,
  StepName,
} from '../lib/wallet/signing/view';
import { CopyButton } from './CopyButton';
import { ErrorNotice } from './ErrorNotice';

const STATUS_TEXT: Record<SessionStatus, string> = {
  submitting: 'Sending the request to the chain',
  'waiting-committee': 'Waiting for the chain to choose the committee',
  delivering: 'Sending the transaction to the committee',
  running: 'Signing together with the committee',
  done: 'Signed',
  failed: 'Not signed',
};

const STEP_TEXT: Record<StepName, string> = {
  submit: 'Request on chain',
  committee: 'Committee chosen',
  // Each member answers the delivery with its constraint verdicts.
  deliver: 'Delivered and checked',
  subscribe: 'Everyone connected',
  protocol: 'Threshold signing',
  verify: 'Signature verified',
};
const STEP_ORDER: StepName[] = ['submit', 'committee', 'deliver', 'subscribe', 'protocol', 'verify'];

/** Only an EVM transaction is checked against recipient rules; a message or typed data is not one. */
function isTransaction(session: SigningSessionView): boolean {
  return session.arch === undefined || session.arch === 'evm';
}

function memberStateText(member: CommitteeMemberView, transaction: boolean): string {
  const labels: Record<MemberState, string> = {
    selected: 'Selected',
    delivered: transaction ? 'Transaction delivered' : 'Request delivered',
    'constraints-passed': transaction ? 'Constraints passed' : 'Constraints checked',
    'constraints-failed': 'Constraints failed',
    subscribed: 'Subscribed',
    running:
      member.round !== undefined && member.totalRounds !== undefined
        ? `Round ${member.round} of ${member.totalRounds}`
        : 'Signing',
    done: 'Done',
    failed: 'Failed',
    blamed: 'Blamed',
  };
  return labels[member.state];
}

function tone(state: MemberState, transaction: boolean): 'good' | 'bad' | 'neutral' {
  if (state === 'done' || (state === 'constraints-passed' && transaction)) return 'good';
  if (state === 'failed' || state === 'blamed' || state === 'constraints-failed') return 'bad';
  return 'neutral';
}

function Verdict({ result, transaction }: { result: ConstraintResult; transaction: boolean }) {
  // A passed rule that had nothing to check (a message has no recipient) is not applicable, not passed.
  const applicable = transaction || !result.passed;
  const [mark, word, className] = !applicable
    ? ['–', 'not applicable', 'na']
    : result.passed
      ? ['✓', 'passed', 'pass']
      : ['✗', 'failed', 'fail'];
  return (
    <li className={className}>
      <span aria-hidden="true">{mark}</span> {result.constraint}: <strong>{word}</strong> — {result.reason}
    </li>
  );
}

function Member({ member, transaction }: { member: CommitteeMemberView; transaction: boolean }) {
  return (
    <li className="member" aria-label={`Signing group ${member.group}`}>
      <div className="row spread">
        <strong>Group {member.group}</strong>
        <span className={`badge ${tone(member.state, transaction)}`}>
          {memberStateText(member, transaction)}
        </span>
      </div>
      <div className="member-ids">
        <span title={member.stash}>Validator {shortAddress(member.stash, 6)}</span>
        <span className="endpoint" title={member.endpoint}>
          {member.endpoint}
        </span>
      </div>
      {member.constraintResults && member.constraintResults.length > 0 && (
        <ul className="verdicts" aria-label={`Group ${member.group} constraint results`}>
          {member.constraintResults.map((result) => (
            <Verdict key={result.constraint} result={result} transaction={transaction} />
          ))}
        </ul>
      )}
      {member.error && <p className="member-error">{member.error}</p>}
    </li>
  );
}

/**
 * One signing request, live: the block it landed in, every committee member's state and verdicts, the time
 * each step took, retries with a new committee, and the signature or the reason there is none. Every
 * step and member has its row from the start, so updates change text, never the layout.
 */
export function SigningProgress({
  session,
  now,
  onClose,
}: {
  session: SigningSessionView;
  /** The clock for steps still running; the parent ticks it. */
  now: number;
  onClose?(): void;
}) {
  const ended = session.status === 'done' || session.status === 'failed';
  const failedConstraints = session.members.some((m) => m.state === 'constraints-failed');
  const transaction = isTransaction(session);
  return (
    <section className="screen progress" aria-labelledby="progress-title">
      <h2 id="progress-title">{STATUS_TEXT[session.status]}</h2>
      <p className="muted" aria-live="polite">
        Attempt {Math.max(1, session.attempt)} of {session.maxAttempts}
        {' · '}
        {session.blockNumber !== undefined ? `block ${session.blockNumber}` : 'block pending'}
        {' · '}
        {formatDuration((session.endedAt ?? now) - session.startedAt)}
      </p>

      {session.status === 'failed' && session.error && (
        <ErrorNotice
          error={{
            message: failedConstraints
              ? `The committee refused this transaction: your constraints do not allow it. ${session.error.message}`
              : session.error.message,
            code: session.error.code,
            ...(session.error.details ? { details: session.error.details } : {}),
          }}
        />
      )}

      {session.signature && (
        <div className="card">
          <span className="muted">Signature</span>
          <code className="data">{session.signature}</code>
          <CopyButton value={session.signature} label="signature" />
        </div>
      )}

      <h3>Committee</h3>
      <ul className="members">
        {session.members.length === 0 ? (
          <li className="member placeholder">The chain has not chosen the committee yet.</li>
        ) : (
          session.members.map((member) => (
            <Member key={member.group} member={member} transaction={transaction} />
          ))
        )}
      </ul>

      <h3>Steps</h3>
      <ol className="timeline">
        {STEP_ORDER.map((name) => {
          const step = session.steps.find((s) => s.name === name);
          const state = !step ? 'waiting' : step.endedAt !== undefined || ended ? 'done' : 'active';
          return (
            <li key={name} className={`step ${state}`} aria-current={state === 'active' ? 'step' : undefined}>
              <span>{STEP_TEXT[name]}</span>
              <span className="elapsed">
                {step ? formatDuration((step.endedAt ?? session.endedAt ?? now) - step.startedAt) : '—'}
              </span>
            </li>
          );
        })}
      </ol>

      {session.retries.length > 0 && (
        <>
          <h3>Retries</h3>
          <ul className="retries">
            {session.retries.map((retry) => (
              <li key={retry.attempt}>
                Attempt {retry.attempt}
                {retry.blockNumber !== undefined && ` (block ${retry.blockNumber})`} failed; a new committee
                was chosen.
                {retry.blamed.map((b) => (
                  <span key={b.party} className="blamed">
                    {' '}
                    Blamed{' '}
                    {b.group !== undefined && b.stash && b.endpoint ? (
                      <>
                        group {b.group}’s validator <code title={b.stash}>{shortAddress(b.stash, 6)}</code> (
                        {b.endpoint})
                      </>
                    ) : (
                      <code title={b.party}>{shortAddress(b.party, 6)}</code>
                    )}
                    : {b.reason}
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </>
      )}

      {ended && onClose && (
        <button type="button" onClick={onClose}>
          Close
        </button>
      )}
    </section>
  );
}
