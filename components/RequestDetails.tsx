import { useState } from 'react';
import type { DecodedCall } from '../lib/ethereum/decode';
import type { RequestDisplay } from '../lib/requests/types';
import { builtinEvmNetworks } from '../lib/settings/evm-networks';
import { SubstrateCall } from './SubstrateCall';

function chainName(chainId: number, name?: string): string {
  const known = name ?? builtinEvmNetworks().find((n) => n.chainId === chainId)?.name;
  return known ? `${known} (${chainId})` : `Chain ${chainId}`;
}

const FEE_LABELS: Record<string, string> = {
  gasPrice: 'Gas price',
  maxFeePerGas: 'Max fee per gas',
  maxPriorityFeePerGas: 'Max priority fee',
};

/** Typed-data values can nest; they are shown as they are, keys and all, never summarised away. */
function FieldValue({ value }: { value: unknown }) {
  if (value !== null && typeof value === 'object') {
    return (
      <dl className="fields nested">
        {Object.entries(value as Record<string, unknown>).map(([key, inner]) => (
          <Field key={key} name={key} value={inner} />
        ))}
      </dl>
    );
  }
  return <code>{String(value)}</code>;
}

function Field({ name, value }: { name: string; value: unknown }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>
        <FieldValue value={value} />
      </dd>
    </>
  );
}

function MessageBody({ text, hex }: { text?: string; hex: string }) {
  const [showHex, setShowHex] = useState(text === undefined);
  return (
    <div className="stack">
      <pre className="message" aria-label={showHex ? 'Message bytes (hex)' : 'Message text'}>
        {showHex ? hex : text}
      </pre>
      {text !== undefined && (
        <button type="button" className="link" aria-pressed={showHex} onClick={() => setShowHex(!showHex)}>
          {showHex ? 'Show as text' : 'Show as hex'}
        </button>
      )}
    </div>
  );
}

const ERC20_TITLES = {
  transfer: 'Token transfer',
  approve: 'Token approval',
  transferFrom: 'Token transfer from',
};

/** What the transaction's data does: an ERC-20 call by name with amounts in token units, else its selector. */
function CallSummary({ call }: { call: DecodedCall }) {
  if (call.kind === 'transfer' || call.kind === 'deploy') return null;
  if (call.kind === 'call') {
    return (
      <p className="muted" aria-label="Contract call">
        Contract call <code>{call.selector}</code> (not decoded: check the data below)
      </p>
    );
  }
  const token = call.token.symbol ?? 'tokens (symbol unknown)';
  const amount = call.unlimited
    ? 'Unlimited'
    : `${call.formatted ?? `${call.amount} base units of`} ${token}`;
  return (
    <section className="card" aria-label="Decoded call">
      <h4>
        {ERC20_TITLES[call.functionName]} <code>{call.functionName}</code>
      </h4>
      <dl className="fields">
        <Field name="Token" value={`${call.token.symbol ?? '?'} ${call.token.address}`} />
        {call.owner && <Field name="From" value={call.owner} />}
        {call.recipient && <Field name="Recipient" value={call.recipient} />}
        {call.spender && <Field name="Spender" value={call.spender} />}
        <Field name="Amount" value={amount} />
      </dl>
      {call.unlimited && (
        <p className="warning" role="note">
          Unlimited approval: {call.spender} could take all your {token}, now and whenever you hold more,
          until you revoke it.
        </p>
      )}
    </section>
  );
}

const DOMAIN_ORDER = ['name', 'version', 'chainId', 'verifyingContract', 'salt'];
const DOMAIN_LABELS: Record<string, string> = {
  name: 'Name',
  version: 'Version',
  chainId: 'Chain',
  verifyingContract: 'Verifying contract',
  salt: 'Salt',
};

/** EIP-712: the domain first (who the signature is for, on which chain), then the message as a tree. */
function TypedData({ display }: { display: Extract<RequestDisplay, { kind: 'typed-data' }> }) {
  const { domain, currentChainId } = display;
  const domainChain = domain.chainId === undefined ? undefined : Number(domain.chainId);
  const mismatch =
    domainChain !== undefined && currentChainId !== undefined && domainChain !== currentChainId;
  const keys = [
    ...DOMAIN_ORDER.filter((key) => key in domain),
    ...Object.keys(domain).filter((key) => !DOMAIN_ORDER.includes(key)),
  ];
  return (
    <div className="stack typed-data">
      {mismatch && (
        <p className="warning" role="alert">
          This signature is for {chainName(domainChain)}, but the site is connected to{' '}
          {chainName(currentChainId)}. A site on one chain asking for a signature valid on another is a common
          trick: only approve if you expected it.
        </p>
      )}
      <h4>Domain</h4>
      <dl className="fields">
        {keys.map((key) => (
          <Field
            key={key}
            name={DOMAIN_LABELS[key] ?? key}
            value={key === 'chainId' && domainChain !== undefined ? chainName(domainChain) : domain[key]}
          />
        ))}
      </dl>
      <h4>
        Message: <span className="primary-type">{display.primaryType}</span>
      </h4>
      <FieldValue value={display.message} />
    </div>
  );
}

/** Exactly what is being signed, decoded where it can be and raw where it cannot. */
export function RequestDetails({ display }: { display: RequestDisplay }) {
  switch (display.kind) {
    case 'authorize':
      return null;
    case 'evm-transaction':
      return (
        <div className="stack">
          {display.refusal && (
            <p className="error-notice" role="alert">
              The validators will refuse this: {display.refusal.reason} ({display.refusal.constraint}).
              Nothing has been paid; dismiss it to tell the site.
            </p>
          )}
          {display.call && <CallSummary call={display.call} />}
          <dl className="fields">
            <Field name="To" value={display.to ?? 'New contract'} />
            <Field name="Value" value={display.value} />
            <Field name="Chain" value={chainName(display.chainId, display.chainName)} />
            {Object.entries(display.fees).map(([key, fee]) => (
              <Field key={key} name={FEE_LABELS[key] ?? key} value={fee} />
            ))}
            <Field name="Gas limit" value={display.gas} />
            <Field name="Max fee" value={display.maxFee} />
            <Field name="Max total" value={display.maxTotal} />
            <Field name="Nonce" value={display.nonce} />
            {display.from && (
              <>
                <dt>From</dt>
                <dd>
                  <code className="address">{display.from}</code>
                </dd>
              </>
            )}
            <dt>Data</dt>
            <dd>
              {display.data === '0x' ? (
                <span className="muted">None</span>
              ) : (
                <>
                  {display.functionSelector && <p className="muted">Function {display.functionSelector}</p>}
                  <details open={display.call?.kind === 'call'}>
                    <summary>Raw data ({(display.data.length - 2) / 2} bytes)</summary>
                    <code className="data">{display.data}</code>
                  </details>
                </>
              )}
            </dd>
          </dl>
          <p className="muted">
            {display.broadcast
              ? 'Once signed, the wallet sends this transaction to the chain.'
              : 'The site gets the signed transaction; the wallet does not send it.'}
          </p>
        </div>
      );
    case 'switch-chain':
      return (
        <p>
          Switch this site from <strong>{chainName(display.fromChainId, display.fromName)}</strong> to{' '}
          <strong>{chainName(display.chainId, display.name)}</strong>?
        </p>
      );
    case 'add-chain':
      return (
        <div className="stack">
          <p>
            This site asks to add a network and switch to it. Only add networks you trust: its RPC sees your
            requests.
          </p>
          <dl className="fields">
            <Field name="Network" value={display.network.name} />
            <Field name="Chain id" value={display.network.chainId} />
            <Field name="RPC" value={display.network.rpcUrl} />
            <Field name="Currency" value={display.network.nativeCurrency.symbol} />
            {display.network.blockExplorerUrl && (
              <Field name="Explorer" value={display.network.blockExplorerUrl} />
            )}
          </dl>
        </div>
      );
    case 'personal-message':
    case 'substrate-raw':
      return <MessageBody text={display.text} hex={display.hex} />;
    case 'typed-data':
      return <TypedData display={display} />;
    case 'hash':
      return (
        <div className="stack">
          <p className="warning">
            This site asks you to sign an opaque hash. It could be a transaction or anything else: only
            approve if you trust the site completely.
          </p>
          <code className="data">{display.hash}</code>
        </div>
      );
    case 'substrate-payload':
      return display.decoded ? (
        <SubstrateCall decoded={display.decoded} />
      ) : (
        <FieldValue value={display.fields} />
      );
  }
}
