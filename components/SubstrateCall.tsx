import { shortAddress } from '../lib/popup/format';
import type { DecodedCall, DecodedValue, DecodedSubstratePayload } from '../lib/requests/substrate-types';
import { Identicon } from './Identicon';

function Value({ value }: { value: DecodedValue }) {
  switch (value.kind) {
    case 'amount':
      return (
        <strong className="amount" title={`${value.planck} (smallest unit)`}>
          {value.formatted}
        </strong>
      );
    case 'address':
      return (
        <span className="row">
          <Identicon address={value.address} />
          <code className="address">{value.address}</code>
        </span>
      );
    case 'call':
      return <Call call={value.call} />;
    case 'calls':
      return (
        <ol className="calls">
          {value.calls.map((call, i) => (
            <li key={i}>
              <Call call={call} />
            </li>
          ))}
        </ol>
      );
    case 'text':
      return <code className="data">{value.text}</code>;
  }
}

function Call({ call }: { call: DecodedCall }) {
  return (
    <div className="call">
      <p className="call-name">
        <strong>
          {call.section}.{call.method}
        </strong>
      </p>
      {call.doc && <p className="muted">{call.doc}</p>}
      <dl className="fields">
        {call.args.map((arg) => (
          <div key={arg.name} className="field">
            <dt title={arg.type}>{arg.name}</dt>
            <dd>
              <Value value={arg.value} />
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** A Substrate transaction decoded with the chain's metadata: the call first, then what goes with it. */
export function SubstrateCall({ decoded }: { decoded: DecodedSubstratePayload }) {
  return (
    <div className="stack">
      {decoded.warnings.map((warning) => (
        <p key={warning} className="warning" role="alert">
          {warning}
        </p>
      ))}
      {decoded.call ? (
        <Call call={decoded.call} />
      ) : (
        <p className="warning">
          {decoded.decodeError} Only approve if you know exactly what this transaction does.
        </p>
      )}
      <dl className="fields">
        <dt>Tip</dt>
        <dd>{decoded.tip}</dd>
        <dt>Nonce</dt>
        <dd>{decoded.nonce}</dd>
        <dt>Valid</dt>
        <dd>
          {decoded.era.mortal
            ? `blocks ${decoded.era.birth} to ${decoded.era.death} (${decoded.era.period} blocks)`
            : 'forever (immortal)'}
        </dd>
        <dt>Chain</dt>
        <dd>
          {decoded.chain ?? 'another chain'}{' '}
          <code className="hash" title={decoded.genesisHash}>
            {shortAddress(decoded.genesisHash, 6)}
          </code>
        </dd>
        <dt>Runtime</dt>
        <dd>version {decoded.specVersion}</dd>
      </dl>
    </div>
  );
}
