import { useId, useState, type FormEvent } from 'react';
import type { ErrorView, Outcome } from '../lib/popup/types';
import type { AccountInfo } from '../lib/wallet/accounts/types';
import type { AccountBalance } from '../lib/wallet/balances';
import type { NetworkStatus } from '../lib/wallet/network';
import { formatAmount, parseAmount } from '../lib/wallet/units';
import { ErrorNotice } from './ErrorNotice';

/** The shape of an SS58 address (base58, 46–48 characters); the background checks its checksum. */
function validRecipient(text: string): boolean {
  return /^[1-9A-HJ-NP-Za-km-z]{46,48}$/.test(text.trim());
}

/** Sends BITS from one account to an Entropy (SS58) address, once the user checked what is sent. */
export function Send({
  account,
  balance,
  network,
  onSend,
  onClose,
}: {
  account: AccountInfo;
  balance?: AccountBalance;
  network?: NetworkStatus;
  onSend(to: string, amount: bigint): Promise<Outcome<{ blockNumber: number }>>;
  onClose(): void;
}) {
  const id = useId();
  const [to, setTo] = useState('');
  const [amountText, setAmountText] = useState('');
  const [state, setState] = useState<
    | { step: 'edit' }
    | { step: 'sending' }
    | { step: 'sent'; blockNumber: number }
    | { step: 'failed'; error: ErrorView }
  >({ step: 'edit' });
  const token = network?.token;
  if (!token) {
    return (
      <section className="screen" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>Send from {account.name}</h2>
        <p role="status">
          {network?.state === 'unreachable'
            ? 'The network is unreachable: nothing can be sent until the wallet connects.'
            : 'Connecting to the network…'}
        </p>
        <button type="button" className="secondary" onClick={onClose}>
          Back
        </button>
      </section>
    );
  }
  const amount = parseAmount(amountText, token.decimals);
  const recipientProblem =
    to.trim() === '' ? undefined : !validRecipient(to) ? 'This is not an Entropy (SS58) address.' : undefined;
  const amountProblem =
    amountText.trim() === ''
      ? undefined
      : amount === undefined || amount === 0n
        ? `Type an amount in ${token.symbol}, e.g. 1.5.`
        : balance && amount > BigInt(balance.transferable)
          ? `More than this account can send (${formatAmount(balance.transferable, token.decimals, token.symbol)}).`
          : undefined;
  const ready =
    to.trim() !== '' && amount !== undefined && amount > 0n && !recipientProblem && !amountProblem;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready || amount === undefined) return;
    setState({ step: 'sending' });
    const answer = await onSend(to.trim(), amount);
    setState(
      answer.ok
        ? { step: 'sent', blockNumber: answer.value.blockNumber }
        : { step: 'failed', error: answer.error },
    );
  }

  const busy = state.step === 'sending';
  return (
    <form className="screen" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Send from {account.name}</h2>
      <p className="muted">
        Available:{' '}
        {balance ? formatAmount(balance.transferable, token.decimals, token.symbol) : 'reading the balance…'}
      </p>
      <label htmlFor={`${id}-to`}>To (Entropy account)</label>
      <input
        id={`${id}-to`}
        value={to}
        spellCheck={false}
        autoComplete="off"
        disabled={busy || state.step === 'sent'}
        aria-invalid={recipientProblem !== undefined}
        aria-describedby={`${id}-to-hint`}
        onChange={(event) => setTo(event.target.value)}
      />
      <p className="hint" id={`${id}-to-hint`}>
        {recipientProblem ?? '\u00a0'}
      </p>
      <label htmlFor={`${id}-amount`}>Amount ({token.symbol})</label>
      <input
        id={`${id}-amount`}
        value={amountText}
        inputMode="decimal"
        autoComplete="off"
        disabled={busy || state.step === 'sent'}
        aria-invalid={amountProblem !== undefined}
        aria-describedby={`${id}-amount-hint`}
        onChange={(event) => setAmountText(event.target.value)}
      />
      <p className="hint" id={`${id}-amount-hint`}>
        {amountProblem ?? 'The network takes a small fee from this account as well.'}
      </p>
      {state.step === 'failed' && <ErrorNotice error={state.error} />}
      <p role="status">
        {state.step === 'sending'
          ? 'Sending: waiting for the transfer to be in a block…'
          : state.step === 'sent'
            ? `Sent ${formatAmount(amount ?? 0n, token.decimals, token.symbol)} in block ${state.blockNumber}.`
            : ''}
      </p>
      <div className="actions">
        {state.step !== 'sent' && (
          <button type="submit" disabled={!ready || busy}>
            {busy ? 'Sending…' : 'Send'}
          </button>
        )}
        <button type="button" className="secondary" onClick={onClose} disabled={busy}>
          {state.step === 'sent' ? 'Done' : 'Cancel'}
        </button>
      </div>
    </form>
  );
}
