import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Acl, Constraints } from '../lib/chain/entropy';
import { describeProblems, parseEvmAddressList, sameAddresses } from '../lib/popup/evm-addresses';
import type { ErrorView, Outcome } from '../lib/popup/types';
import type { AccountInfo } from '../lib/wallet/accounts/types';
import { MAX_ACL_ADDRESSES } from '../lib/wallet/constraints';
import { ErrorNotice } from './ErrorNotice';
import { RecipientListKindField } from './RecipientListKindField';

type Loaded =
  | { state: 'loading' }
  | { state: 'failed'; error: ErrorView }
  | { state: 'loaded'; constraints: Constraints };

/** What the chain holds, in words: the list's kind, its addresses, and contract creation. */
function AclSummary({ acl, id }: { acl?: Acl; id: string }) {
  if (!acl) return <p id={id}>No EVM rules: every recipient is allowed.</p>;
  const count = acl.addresses.length === 1 ? '1 address' : `${acl.addresses.length} addresses`;
  return (
    <div className="stack" id={id}>
      <p>
        {acl.kind === 'Allow'
          ? `Only these recipients are allowed (${count}).`
          : `These recipients are blocked (${count}).`}{' '}
        Contract creation is {acl.allowNullRecipient ? 'allowed' : 'not allowed'}.
      </p>
      {acl.addresses.length > 0 && (
        <ul
          className="list acl-addresses"
          aria-label={acl.kind === 'Allow' ? 'Allowed recipients' : 'Blocked recipients'}
        >
          {acl.addresses.map((address) => (
            <li key={address}>
              <code className="address">{address}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * A registered account's EVM allow/deny list: read from the chain, edited here, and saved by a transaction
 * of the constraint account, which the committee members then enforce before every signature.
 */
export function ConstraintsEditor({
  account,
  editable,
  onRead,
  onSave,
  onClose,
}: {
  account: AccountInfo & { registration: NonNullable<AccountInfo['registration']> };
  /** Whether the constraint account is in this wallet: only it may sign the update. */
  editable: boolean;
  onRead(address: string): Promise<Outcome<Constraints>>;
  onSave(address: string, constraints: Constraints): Promise<Outcome<Constraints>>;
  onClose(): void;
}) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [kind, setKind] = useState<Acl['kind']>('Deny');
  const [list, setList] = useState('');
  const [allowNullRecipient, setAllowNullRecipient] = useState(true);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [saveError, setSaveError] = useState<ErrorView>();

  const show = useCallback((constraints: Constraints) => {
    setLoaded({ state: 'loaded', constraints });
    setKind(constraints.evmAcl?.kind ?? 'Deny');
    setList(constraints.evmAcl?.addresses.join('\n') ?? '');
    setAllowNullRecipient(constraints.evmAcl?.allowNullRecipient ?? true);
  }, []);

  // Each read (the first, and every "Try again") is one effect run; an answer after unmount is dropped.
  const [reads, setReads] = useState(0);
  useEffect(() => {
    let current = true;
    void onRead(account.address).then((answer) => {
      if (!current) return;
      if (answer.ok) show(answer.value);
      else setLoaded({ state: 'failed', error: answer.error });
    });
    return () => {
      current = false;
    };
  }, [onRead, show, account.address, reads]);

  useEffect(() => heading.current?.focus(), []);

  const { addresses, problems } = parseEvmAddressList(list);
  const tooMany = addresses.length > MAX_ACL_ADDRESSES;
  const current = loaded.state === 'loaded' ? loaded.constraints.evmAcl : undefined;
  const unchanged =
    current !== undefined &&
    current.kind === kind &&
    current.allowNullRecipient === allowNullRecipient &&
    sameAddresses(current.addresses, addresses);
  const invalid = problems.length > 0 || tooMany;

  function edited<T>(set: (value: T) => void) {
    return (value: T) => {
      set(value);
      setSaved(false);
    };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (loaded.state !== 'loaded' || invalid || unchanged) return;
    setSaving(true);
    setSaved(false);
    setSaveError(undefined);
    // Only the EVM list is edited here; a BTC list on chain is sent back as it is.
    const answer = await onSave(account.address, {
      ...loaded.constraints,
      evmAcl: { kind, addresses, allowNullRecipient },
    });
    setSaving(false);
    if (answer.ok) {
      show(answer.value);
      setSaved(true);
    } else {
      setSaveError(answer.error);
    }
  }

  return (
    <section className="screen" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        Constraints of {account.name}
      </h2>
      <p>Before signing for this account, every committee member checks the recipient against these rules.</p>
      {loaded.state === 'loading' && <p role="status">Reading the constraints from the chain…</p>}
      {loaded.state === 'failed' && (
        <>
          <ErrorNotice error={loaded.error} />
          <button
            type="button"
            onClick={() => {
              setLoaded({ state: 'loading' });
              setReads(reads + 1);
            }}
          >
            Try again
          </button>
        </>
      )}
      {loaded.state === 'loaded' && (
        <section className="card" aria-labelledby={`${id}-now`}>
          <h3 id={`${id}-now`}>On chain now</h3>
          <AclSummary acl={loaded.constraints.evmAcl} id={`${id}-summary`} />
        </section>
      )}
      {loaded.state === 'loaded' && !editable && (
        <p className="hint">
          Only the constraint account {account.registration.constraintAccount} can change these rules, and it
          is not in this wallet.
        </p>
      )}
      {loaded.state === 'loaded' && editable && (
        <form onSubmit={submit} className="stack" aria-label="New constraints">
          <RecipientListKindField
            name={`${id}-kind`}
            kind={kind}
            disabled={saving}
            onChange={edited(setKind)}
          />
          <label htmlFor={`${id}-list`}>Ethereum addresses (one per line)</label>
          <textarea
            id={`${id}-list`}
            className="addresses"
            rows={4}
            spellCheck={false}
            value={list}
            disabled={saving}
            aria-invalid={invalid}
            aria-describedby={`${id}-list-hint`}
            onChange={(event) => edited(setList)(event.target.value)}
          />
          <p className="hint" id={`${id}-list-hint`}>
            {problems.length > 0
              ? describeProblems(problems)
              : tooMany
                ? `At most ${MAX_ACL_ADDRESSES} addresses.`
                : kind === 'Allow' && addresses.length === 0
                  ? 'With no address listed, every transaction with a recipient is refused.'
                  : '\u00a0'}
          </p>
          <div className="row">
            <input
              id={`${id}-null`}
              type="checkbox"
              checked={allowNullRecipient}
              disabled={saving}
              onChange={(event) => edited(setAllowNullRecipient)(event.target.checked)}
            />
            <label htmlFor={`${id}-null`}>Allow contract creation (no recipient)</label>
          </div>
          {saveError && <ErrorNotice error={saveError} />}
          <button type="submit" disabled={saving || invalid || unchanged}>
            {saving ? 'Saving…' : 'Save on chain'}
          </button>
          <p className="hint" role="status">
            {saving
              ? 'Waiting for the chain to include the change (a few seconds)…'
              : saved
                ? 'Saved: the chain now holds the rules above.'
                : '\u00a0'}
          </p>
        </form>
      )}
      <button type="button" className="secondary" onClick={onClose}>
        Back
      </button>
    </section>
  );
}
