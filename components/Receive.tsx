import { QRCodeSVG } from 'qrcode.react';
import { useState } from 'react';
import type { AccountInfo } from '../lib/wallet/accounts/types';
import { CopyButton } from './CopyButton';
import { Identicon } from './Identicon';

/** An address to give someone, as text and as a QR code: the Entropy account, or the Ethereum address. */
export function Receive({ account, onClose }: { account: AccountInfo; onClose(): void }) {
  const ethAddress = account.registration?.ethAddress;
  const [which, setWhich] = useState<'entropy' | 'ethereum'>('entropy');
  const address = which === 'ethereum' && ethAddress ? ethAddress : account.address;
  const label = which === 'ethereum' && ethAddress ? 'Ethereum address' : 'Entropy account';
  return (
    <section className="screen receive" aria-labelledby="receive-title">
      <h2 id="receive-title">Receive to {account.name}</h2>
      {ethAddress && (
        <div className="segmented" role="group" aria-label="Which address">
          <button type="button" aria-pressed={which === 'entropy'} onClick={() => setWhich('entropy')}>
            Entropy account
          </button>
          <button type="button" aria-pressed={which === 'ethereum'} onClick={() => setWhich('ethereum')}>
            Ethereum address
          </button>
        </div>
      )}
      <p className="muted">
        {which === 'ethereum'
          ? 'For ETH and tokens on Ethereum chains. Entropy signs for this address.'
          : 'For BITS on the Entropy network (fees for registration and signing).'}
      </p>
      <div className="qr">
        <QRCodeSVG
          value={address}
          size={184}
          marginSize={2}
          title={`QR code of the ${label.toLowerCase()}`}
        />
      </div>
      <div className="address-line">
        <span className="label">{label}</span>
        <div className="row">
          <Identicon address={address} />
          <code className="address">{address}</code>
          <CopyButton value={address} label={label} />
        </div>
      </div>
      <button type="button" className="secondary" onClick={onClose}>
        Done
      </button>
    </section>
  );
}
