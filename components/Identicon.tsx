import PolkadotIdenticon from '@polkadot/react-identicon';
import { blo } from 'blo';

/**
 * A picture of an address, to tell accounts apart at a glance: polkadot-js' identicon for an Entropy
 * (Substrate) account, blo's blockies for an Ethereum address — the same pictures other wallets show.
 * Decorative: the address itself is always written next to it.
 */
export function Identicon({ address, size = 24 }: { address: string; size?: number }) {
  if (address.startsWith('0x')) {
    return (
      <img
        className="identicon"
        src={blo(address as `0x${string}`)}
        width={size}
        height={size}
        alt=""
        aria-hidden="true"
      />
    );
  }
  return (
    <span className="identicon" aria-hidden="true">
      <PolkadotIdenticon value={address} size={size} theme="polkadot" />
    </span>
  );
}
