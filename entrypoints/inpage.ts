import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { createEntropyWalletGlobal } from '../lib/inpage/entropy-wallet';
import { createWindowClient } from '../lib/messaging';

export default defineUnlistedScript(() => {
  const client = createWindowClient(window);
  Object.defineProperty(window, 'entropyWallet', {
    value: createEntropyWalletGlobal(client, __WALLET_VERSION__),
    configurable: false,
    writable: false,
  });
  window.dispatchEvent(new Event('entropyWallet#initialized'));
});
