import { useId, useState, type FormEvent } from 'react';
import { isAddress } from 'viem';
import type { EvmBalances } from '../lib/ethereum/balances';
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

/** What can be sent from this account: BITS on Entropy, ETH and the chain's tokens on the selected EVM chain. */
interface Asset {
  key: string;
  symbol: string;
  decimals: number;
  /** What may be spent, in base units; undefined while unknown. */
  available?: string;
  /** Where it goes: an Entropy transfer, or an Ethereum transaction (ETH, or `token`). */
  chain: 'entropy' | 'evm';
  token?: string;
  label: string;
}

function assetsOf(
  account: AccountInfo,
  balance: AccountBalance | undefined,
  network: NetworkStatus | undefined,
  evm: EvmBalances | null | undefined,
): Asset[] {
  const assets: Asset[] = [];
  if (network?.token) {
    assets.push({
      key: 'entropy',
      symbol: network.token.symbol,
      decimals: network.token.decimals,
      ...(balance ? { available: balance.transferable } : {}),
      chain: 'entropy',
      label: `${network.token.symbol} on ${network.chain ?? 'Entropy'}`,
    });
  }
  const holdings = account.registration && evm?.holdings[account.registration.ethAddress];
  if (evm?.state === 'connected' && holdings) {
    assets.push({
      key: 'evm',
      symbol: evm.symbol,
      decimals: 18,
      available: holdings.native,
      chain: 'evm',
      label: `${evm.symbol} on ${evm.name}`,
    });
    for (const { token, balance: held } of holdings.tokens) {
      if (held === undefined) continue;
      assets.push({
        key: token.address,
        symbol: token.symbol,
        decimals: token.decimals,
        available: held,
        chain: 'evm',
        token: token.address,
        label: `${token.symbol} on ${evm.name}`,
      });
    }
  }
  return assets;
}

/**
 * Sends BITS to an Entropy (SS58) address, or ETH or a token from the account's Ethereum address on the
 * selected EVM chain. An Ethereum send goes through the wallet's eth_sendTransaction path: once submitted,
 * its approval (fees, constraints) shows next, like a site's, and the committee signs it.
 */
export function Send({
  account,
  balance,
  network,
  evm,
  onSend,
  onSendEvm,
  onClose,
}: {
  account: AccountInfo;
  balance?: AccountBalance;
  network?: NetworkStatus;
  evm?: EvmBalances | null;
  onSend(to: string, amount: bigint): Promise<Outcome<{ blockNumber: number }>>;
  onSendEvm?(to: string, amount: bigint, token?: string): Promise<Outcome<{ queued: true }>>;
  onClose(): void;
}) {
  const id = useId();
  const [to, setTo] = useState('');
  const [amountText, setAmountText] = useState('');
  const [assetKey, setAssetKey] = useState<string>();
  const [state, setState] = useState<
    | { step: 'edit' }
    | { step: 'sending' }
    | { step: 'sent'; blockNumber: number }
    | { step: 'failed'; error: ErrorView }
  >({ step: 'edit' });
  const assets = assetsOf(account, balance, network, onSendEvm ? evm : undefined);
  const asset = assets.find((a) => a.key === assetKey) ?? assets[0];
  if (!asset) {
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
  const ethereum = asset.chain === 'evm';
  const amount = parseAmount(amountText, asset.decimals);
  const recipientProblem =
    to.trim() === ''
      ? undefined
      : ethereum
        ? isAddress(to.trim(), { strict: false })
          ? undefined
          : 'This is not an Ethereum address (0x and 40 hex digits).'
        : validRecipient(to)
          ? undefined
          : 'This is not an Entropy (SS58) address.';
  const amountProblem =
    amountText.trim() === ''
      ? undefined
      : amount === undefined || amount === 0n
        ? `Type an amount in ${asset.symbol}, e.g. 1.5.`
        : asset.available !== undefined && amount > BigInt(asset.available)
          ? `More than this account can send (${formatAmount(asset.available, asset.decimals, asset.symbol)}).`
          : undefined;
  const ready =
    to.trim() !== '' && amount !== undefined && amount > 0n && !recipientProblem && !amountProblem;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready || amount === undefined || !asset) return;
    setState({ step: 'sending' });
    if (asset.chain === 'evm' && onSendEvm) {
      const answer = await onSendEvm(to.trim(), amount, asset.token);
      // Queued: the approval (what is signed, the fees) takes over the popup next.
      if (answer.ok) onClose();
      else setState({ step: 'failed', error: answer.error });
      return;
    }
    const answer = await onSend(to.trim(), amount);
    setState(
      answer.ok
        ? { step: 'sent', blockNumber: answer.value.blockNumber }
        : { step: 'failed', error: answer.error },
    );
  }

  const busy = state.step === 'sending';
  const locked = busy || state.step === 'sent';
  return (
    <form className="screen" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Send from {account.name}</h2>
      {assets.length > 1 && (
        <>
          <label htmlFor={`${id}-asset`}>Asset</label>
          <select
            id={`${id}-asset`}
            value={asset.key}
            disabled={locked}
            onChange={(event) => {
              setAssetKey(event.target.value);
              setState({ step: 'edit' });
            }}
          >
            {assets.map((a) => (
              <option key={a.key} value={a.key}>
                {a.label}
              </option>
            ))}
          </select>
        </>
      )}
      <p className="muted">
        Available:{' '}
        {asset.available !== undefined
          ? formatAmount(asset.available, asset.decimals, asset.symbol)
          : 'reading the balance…'}
      </p>
      <label htmlFor={`${id}-to`}>{ethereum ? 'To (Ethereum address)' : 'To (Entropy account)'}</label>
      <input
        id={`${id}-to`}
        value={to}
        spellCheck={false}
        autoComplete="off"
        disabled={locked}
        aria-invalid={recipientProblem !== undefined}
        aria-describedby={`${id}-to-hint`}
        onChange={(event) => setTo(event.target.value)}
      />
      <p className="hint" id={`${id}-to-hint`}>
        {recipientProblem ?? '\u00a0'}
      </p>
      <label htmlFor={`${id}-amount`}>Amount ({asset.symbol})</label>
      <input
        id={`${id}-amount`}
        value={amountText}
        inputMode="decimal"
        autoComplete="off"
        disabled={locked}
        aria-invalid={amountProblem !== undefined}
        aria-describedby={`${id}-amount-hint`}
        onChange={(event) => setAmountText(event.target.value)}
      />
      <p className="hint" id={`${id}-amount-hint`}>
        {amountProblem ??
          (ethereum
            ? `The fee (gas) is paid in ${evm?.symbol ?? 'ETH'}; you see it and approve before anything is signed.`
            : 'The network takes a small fee from this account as well.')}
      </p>
      {state.step === 'failed' && <ErrorNotice error={state.error} />}
      <p role="status">
        {state.step === 'sending'
          ? ethereum
            ? 'Preparing the transaction: nonce, gas and fees from the chain…'
            : 'Sending: waiting for the transfer to be in a block…'
          : state.step === 'sent'
            ? `Sent ${formatAmount(amount ?? 0n, asset.decimals, asset.symbol)} in block ${state.blockNumber}.`
            : ''}
      </p>
      <div className="actions">
        {state.step !== 'sent' && (
          <button type="submit" disabled={!ready || busy}>
            {busy ? 'Sending…' : ethereum ? 'Review' : 'Send'}
          </button>
        )}
        <button type="button" className="secondary" onClick={onClose} disabled={busy}>
          {state.step === 'sent' ? 'Done' : 'Cancel'}
        </button>
      </div>
    </form>
  );
}
