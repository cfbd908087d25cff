import { useId, useState, type FormEvent } from 'react';
import type { AccountInfo } from '../../lib/wallet/accounts/types';
import { MAX_ACL_ADDRESSES } from '../../lib/wallet/constraints';
import { describeProblems, parseEvmAddressList } from '../../lib/popup/evm-addresses';
import type { RegistrationInput, RegistrationView } from '../../lib/popup/types';
import { CopyButton } from '../CopyButton';
import { ErrorNotice } from '../ErrorNotice';
import { RecipientListKindField } from '../RecipientListKindField';

const STEPS: { step: RegistrationView['step']; label: string }[] = [
  { step: 'submit', label: 'Registration sent to the chain' },
  { step: 'committee', label: 'Registration committee chosen' },
  { step: 'dkg', label: 'Key generated together with the committee' },
  { step: 'confirm', label: 'Confirmed on chain' },
];

function stepState(view: RegistrationView | undefined, index: number): 'done' | 'active' | 'waiting' {
  if (!view) return 'waiting';
  if (view.step === 'done') return 'done';
  const current = STEPS.findIndex((s) => s.step === view.step);
  if (current === -1) return 'waiting';
  return index < current ? 'done' : index === current ? 'active' : 'waiting';
}

/** What protects the key, in words: shown when registration succeeds. */
function KeyProtection({ groups }: { groups?: number }) {
  return (
    <div className="stack" aria-label="What protects your key">
      <h3>What protects this key</h3>
      <p>
        No one holds the whole key. Your part is derived from your recovery phrase; the rest is split among{' '}
        {groups ? `${groups} signing groups` : 'the signing groups'} of the network, and every signature needs
        all of them, under your rules.
      </p>
      <p>
        Your recovery phrase restores this account and its Ethereum address on any device: keep it secret and
        offline. Whoever has it controls the account, within its rules.
      </p>
    </div>
  );
}

/** Registration with Entropy: who may change the constraints, the first EVM allow/deny list, then progress. */
export function Register({
  account,
  progress,
  onRegister,
  onFinish,
  onCancel,
}: {
  account: AccountInfo;
  progress?: RegistrationView;
  onRegister(input: RegistrationInput): void;
  onFinish(): void;
  /** Leaves without registering (registration can be done later from the Accounts tab). */
  onCancel?(): void;
}) {
  const id = useId();
  const [constraintAccount, setConstraintAccount] = useState(account.address);
  const [kind, setKind] = useState<'Allow' | 'Deny'>('Deny');
  const [list, setList] = useState('');
  const [allowNullRecipient, setAllowNullRecipient] = useState(true);
  const { addresses, problems: invalid } = parseEvmAddressList(list);
  const tooMany = addresses.length > MAX_ACL_ADDRESSES;
  const started = progress !== undefined && progress.step !== 'failed';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (invalid.length > 0 || tooMany) return;
    onRegister({
      address: account.address,
      constraintAccount: constraintAccount.trim(),
      constraints: { evmAcl: { kind, addresses, allowNullRecipient } },
    });
  }

  return (
    <section className="screen" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Register with Entropy</h2>
      {!started && (
        <form onSubmit={submit} className="stack">
          <p>
            The network creates your Ethereum key together with this device and enforces your rules before
            every signature.
          </p>
          <label htmlFor={`${id}-constraint`}>Constraint account (may change the rules later)</label>
          <input
            id={`${id}-constraint`}
            value={constraintAccount}
            spellCheck={false}
            onChange={(event) => setConstraintAccount(event.target.value)}
          />
          <RecipientListKindField name={`${id}-kind`} kind={kind} onChange={setKind} />
          <label htmlFor={`${id}-list`}>Ethereum addresses (one per line)</label>
          <textarea
            id={`${id}-list`}
            rows={3}
            spellCheck={false}
            value={list}
            aria-invalid={invalid.length > 0}
            aria-describedby={`${id}-list-hint`}
            onChange={(event) => setList(event.target.value)}
          />
          <p className="hint" id={`${id}-list-hint`}>
            {invalid.length > 0
              ? describeProblems(invalid)
              : tooMany
                ? `At most ${MAX_ACL_ADDRESSES} addresses`
                : '\u00a0'}
          </p>
          <div className="row">
            <input
              id={`${id}-null`}
              type="checkbox"
              checked={allowNullRecipient}
              onChange={(event) => setAllowNullRecipient(event.target.checked)}
            />
            <label htmlFor={`${id}-null`}>Allow contract creation (no recipient)</label>
          </div>
          {progress?.step === 'failed' && <ErrorNotice error={progress.error} />}
          <button type="submit" disabled={invalid.length > 0 || tooMany || constraintAccount.trim() === ''}>
            {progress?.step === 'failed' ? 'Try again' : 'Register'}
          </button>
          {onCancel && (
            <button type="button" className="secondary" onClick={onCancel}>
              Not now
            </button>
          )}
        </form>
      )}
      {started && (
        <>
          <ol className="steps" aria-label="Registration progress">
            {STEPS.map((s, index) => {
              const state = stepState(progress, index);
              return (
                <li
                  key={s.step}
                  className={`step ${state}`}
                  aria-current={state === 'active' ? 'step' : undefined}
                >
                  <span className="step-mark" aria-hidden="true">
                    {state === 'done' ? '✓' : state === 'active' ? '…' : '·'}
                  </span>
                  <span>
                    {s.label}
                    {s.step === 'submit' &&
                      progress.blockNumber !== undefined &&
                      ` (block ${progress.blockNumber})`}
                    {s.step === 'committee' &&
                      progress.committee &&
                      ` (${progress.committee.length} members)`}
                    {s.step === 'dkg' && state === 'active' && progress.round !== undefined && (
                      <span className="muted">
                        {' '}
                        — round {progress.round} of {progress.totalRounds}
                      </span>
                    )}
                  </span>
                </li>
              );
            })}
          </ol>
          {progress.step === 'done' && progress.ethAddress && (
            <div className="card">
              <p>Your Ethereum address</p>
              <div className="row">
                <code className="address">{progress.ethAddress}</code>
                <CopyButton value={progress.ethAddress} label="Ethereum address" />
              </div>
              <KeyProtection groups={progress.committee?.length} />
              <button type="button" onClick={onFinish}>
                Open the wallet
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
