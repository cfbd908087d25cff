import { useState } from 'react';
import type { RequestDisplay } from '../lib/requests/types';
import { builtinEvmNetworks } from '../lib/settings/evm-networks';

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

/** Exactly what is being signed, decoded where it can be and raw where it cannot. */
export function RequestDetails({ display }: { display: RequestDisplay }) {
  switch (display.kind) {
    case 'authorize':
      return null;
    case 'evm-transaction':
      return (
        <dl className="fields">
          <Field name="To" value={display.to ?? 'New contract'} />
          <Field name="Value" value={display.value} />
          <Field name="Chain" value={chainName(display.chainId, display.chainName)} />
          {Object.entries(display.fees).map(([key, fee]) => (
            <Field key={key} name={FEE_LABELS[key] ?? key} value={fee} />
          ))}
          <Field name="Gas limit" value={display.gas} />
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
                <code className="data">{display.data}</code>
              </>
            )}
          </dd>
        </dl>
      );
    case 'personal-message':
    case 'substrate-raw':
      return <MessageBody text={display.text} hex={display.hex} />;
    case 'typed-data':
      return (
        <div className="stack">
          <p>
            Typed data: <strong>{display.primaryType}</strong>
          </p>
          <h4>Domain</h4>
          <FieldValue value={display.domain} />
          <h4>Message</h4>
          <FieldValue value={display.message} />
        </div>
      );
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
      return <FieldValue value={display.fields} />;
  }
}
